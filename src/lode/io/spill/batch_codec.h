#pragma once
// The spill batch format: one batch as one self-checking frame, the unit
// that spilling operators write to temp files (spill_file.h) and that the
// MPI exchange will send. A frame is a fixed prelude, a header that lays out
// every column (its type, then per column node its length and buffer sizes)
// and the payload: the buffers' bytes back to back, compressed as one block.
// Columns are written from their first row (slices re-based), so a frame
// holds exactly the batch's rows. A CRC32 covers the header and the stored
// payload; decode checks it, then every size against the types, before it
// allocates or builds anything, so a damaged frame is a ParseError, never a
// crash. Little-endian, as lode runs only there.

#include <cstdint>
#include <string>
#include <string_view>

#include "lode/core/batch.h"

namespace lode::io::spill {

enum class SpillCodec : uint8_t { kNone = 0, kLz4 = 1, kZstd = 2 };

/// Bytes of a frame's prelude: magic, version, codec, header and payload sizes, CRC.
constexpr int64_t kFramePreludeBytes = 32;

/// Appends `batch` as one frame to `out` (reusing its capacity); returns the frame's size.
int64_t encode_batch(const Batch& batch, SpillCodec codec, std::string& out);

/// Returns the frame's total size from its prelude (at least kFramePreludeBytes
/// readable); throws ParseError naming `where` when the prelude is not one.
int64_t frame_size(std::string_view prelude, const std::string& where);

/// Decodes one whole frame; throws ParseError naming `where` (the file and
/// offset) when it is damaged.
Batch decode_batch(std::string_view frame, const std::string& where);

}  // namespace lode::io::spill
