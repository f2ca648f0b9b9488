#pragma once
// Compressed input files (gzip, zstd) for readers that want a byte map:
// the file is decompressed once, as a stream, into an unlinked temporary
// file, which is then memory-mapped. Memory stays bounded (the copy lives
// on disk, in TMPDIR) and the reader can split the text across threads as
// for any file. Runs on the calling thread; the map is then shareable.

#include <memory>
#include <string>

#include "lode/io/fs/mapped_file.h"

namespace lode::io {

enum class Compression { kNone, kGzip, kZstd };

/// Returns the compression that `head` (a file's first bytes) starts with.
Compression detect_compression(std::string_view head);

/// Maps `path`, decompressed when it is gzip or zstd (by content, not
/// name); the map's path() is `path`. Throws IOError when the file cannot
/// be read or the temporary copy written, ParseError when the compressed
/// data is corrupt, NotSupportedError for other compressions (bzip2, xz).
std::unique_ptr<MappedFile> open_maybe_compressed(const std::string& path);

}  // namespace lode::io
