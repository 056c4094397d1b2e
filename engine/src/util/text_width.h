// Column layout of UTF-8 text for the officer-facing tables (check's block,
// explain's text): width in code points, not bytes, so "Günlük brüt" lines
// up with "Aylık net".
#ifndef ODENEK_ENGINE_SRC_UTIL_TEXT_WIDTH_H_
#define ODENEK_ENGINE_SRC_UTIL_TEXT_WIDTH_H_

#include <cstddef>
#include <string>

namespace odenek::internal {

// Display width of UTF-8 text (code points, not bytes).
inline size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

// `s` padded with spaces to `width` code points, on the right (text) or the
// left (numbers); unchanged if already as wide.
inline std::string PadRight(const std::string& s, size_t width) {
  const size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}
inline std::string PadLeft(const std::string& s, size_t width) {
  const size_t w = Width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_UTIL_TEXT_WIDTH_H_
