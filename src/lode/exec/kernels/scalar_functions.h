#pragma once
// The kernels behind each scalar function name; registry.cpp maps the names
// that plan/type_rules.cpp knows onto these. Each file in this folder holds
// one family: arithmetic, comparison, boolean, conditional, cast, string,
// temporal, math.

#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

std::shared_ptr<Column> arithmetic_kernel(const KernelCall& call);
std::shared_ptr<Column> negate_kernel(const KernelCall& call);
std::shared_ptr<Column> abs_kernel(const KernelCall& call);

std::shared_ptr<Column> comparison_kernel(const KernelCall& call);

std::shared_ptr<Column> and_kernel(const KernelCall& call);
std::shared_ptr<Column> or_kernel(const KernelCall& call);
std::shared_ptr<Column> xor_kernel(const KernelCall& call);
std::shared_ptr<Column> not_kernel(const KernelCall& call);
std::shared_ptr<Column> is_null_kernel(const KernelCall& call);
std::shared_ptr<Column> is_not_null_kernel(const KernelCall& call);

std::shared_ptr<Column> case_when_kernel(const KernelCall& call);
std::shared_ptr<Column> coalesce_kernel(const KernelCall& call);
std::shared_ptr<Column> is_in_kernel(const KernelCall& call);

std::shared_ptr<Column> math_kernel(const KernelCall& call);
std::shared_ptr<Column> round_kernel(const KernelCall& call);
std::shared_ptr<Column> is_nan_kernel(const KernelCall& call);

std::shared_ptr<Column> string_kernel(const KernelCall& call);
std::shared_ptr<Column> temporal_kernel(const KernelCall& call);

/// Casts a column; strict casts throw InvalidInputError naming the first
/// value that does not convert, non-strict ones give null there.
std::shared_ptr<Column> cast_column(const Column& input, const DataType& target, bool strict);

}  // namespace lode::exec
