"""Builds the lode._lode extension with CMake for `pip install .`; the pure
Python package and its metadata are in pyproject.toml."""

import os
import pathlib
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target_dir = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        subprocess.check_call([
            "cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
            "-DLODE_TESTS=OFF", f"-DPython_EXECUTABLE={sys.executable}",
            f"-DLODE_PYTHON_PACKAGE_DIR={target_dir}",
        ])
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_lode", "-j", str(os.cpu_count() or 1)])


setup(ext_modules=[Extension("lode._lode", sources=[])], cmdclass={"build_ext": CMakeBuild})
