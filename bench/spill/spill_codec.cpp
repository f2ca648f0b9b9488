// Measures the spill batch format's codecs (issue 12 asks to measure LZ4
// against zstd and choose): the db-benchmark groupby table, cut into
// 128K-row batches (a sink's batch), encoded, written to a spill file,
// read back and decoded, single-threaded. Prints MB/s of the in-memory
// bytes both ways and the stored size. Built with the tests:
//
//     make build && build/bench/spill_codec [rows, default 1e7]

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "lode/core/table.h"
#include "lode/datagen/datagen.h"
#include "lode/io/spill/spill_file.h"

using namespace lode;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  datagen::GroupbyOptions options;
  options.num_rows = argc > 1 ? static_cast<int64_t>(std::atof(argv[1])) : 10000000;
  const auto table = datagen::groupby_table(options)->combine_batches();
  const Batch& all = table->batches().at(0);
  constexpr int64_t kBatchRows = int64_t{1} << 17;
  const double megabytes = static_cast<double>(table->memory_bytes()) / 1e6;
  std::printf("groupby table, %lld rows, %.0f MB in memory, %lld-row batches\n",
              static_cast<long long>(options.num_rows), megabytes, static_cast<long long>(kBatchRows));
  std::printf("%-6s %12s %12s %12s %8s\n", "codec", "write MB/s", "read MB/s", "stored MB", "ratio");
  for (auto [name, codec] : {std::pair{"none", io::spill::SpillCodec::kNone}, {"lz4", io::spill::SpillCodec::kLz4},
                             {"zstd", io::spill::SpillCodec::kZstd}}) {
    io::spill::SpillFile file(codec);
    std::vector<io::spill::SpillFile::Frame> frames;
    const auto start = Clock::now();
    for (int64_t row = 0; row < all.num_rows(); row += kBatchRows)
      frames.push_back(file.append(all.slice(row, std::min(kBatchRows, all.num_rows() - row))));
    file.flush();
    const auto written = Clock::now();
    int64_t rows = 0;
    for (const auto& frame : frames) rows += file.read(frame).num_rows();
    const auto read = Clock::now();
    if (rows != all.num_rows()) return 1;
    const double write_s = std::chrono::duration<double>(written - start).count();
    const double read_s = std::chrono::duration<double>(read - written).count();
    const double stored = static_cast<double>(file.size_bytes()) / 1e6;
    std::printf("%-6s %12.0f %12.0f %12.0f %8.2f\n", name, megabytes / write_s, megabytes / read_s, stored,
                megabytes / stored);
  }
  return 0;
}
