#include "cli/render_text.h"

#include <gtest/gtest.h>

namespace tend::cli {
namespace {

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("api"), 3);
  EXPECT_EQ(DisplayWidth("↺"), 1);
  EXPECT_EQ(DisplayWidth("│ ┌ ─"), 5);
  EXPECT_EQ(DisplayWidth("café"), 4);
  EXPECT_EQ(DisplayWidth("cafe\xCC\x81"), 4);  // combining acute accent
  EXPECT_EQ(DisplayWidth("日本"), 4);
  EXPECT_EQ(DisplayWidth("\x1b[1;32monline\x1b[0m"), 6);
}

TEST(StripAnsi, RemovesColourSequencesOnly) {
  EXPECT_EQ(StripAnsi("\x1b[31merrored\x1b[0m │"), "errored │");
}

TEST(EscapeForDisplay, EscapesControlsAndInvalidBytes) {
  EXPECT_EQ(EscapeForDisplay("plain é"), "plain é");
  EXPECT_EQ(EscapeForDisplay("a\nb"), "a\\x0Ab");
  EXPECT_EQ(EscapeForDisplay("\x1b[31mred"), "\\x1B[31mred");
  EXPECT_EQ(EscapeForDisplay("bad\xff\xfe"), "bad\\xFF\\xFE");
  EXPECT_EQ(EscapeForDisplay("\xC2\x9B"), "\\xC2\\x9B");  // C1 CSI
  EXPECT_EQ(EscapeInvalidUtf8("a\nb\xff"), "a\nb\\xFF");
}

TEST(EscapeLogText, KeepsTabsAndEscapesEveryOtherControl) {
  EXPECT_EQ(EscapeLogText("a\tb"), "a\tb");
  EXPECT_EQ(EscapeLogText("\x1b]0;t\x07"), "\\x1B]0;t\\x07");
  EXPECT_EQ(EscapeLogText("\xC2\x9B"
                          "2J"),
            "\\xC2\\x9B2J");  // C1 CSI drives some terminals
  EXPECT_EQ(EscapeLogText("bad\xff"), "bad\\xFF");
}

TEST(TruncateToWidth, CutsWithAnEllipsis) {
  EXPECT_EQ(TruncateToWidth("short", 10), "short");
  EXPECT_EQ(TruncateToWidth("exactly", 7), "exactly");
  EXPECT_EQ(TruncateToWidth("a-very-long-name", 8), "a-very-…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("日本語の名前", 5)), 5);
  EXPECT_EQ(TruncateToWidth("anything", 0), "");
}

TEST(ClipLine, KeepsColoursBalanced) {
  const std::string clipped = ClipLine("\x1b[32monline-and-more\x1b[0m", 6);
  EXPECT_EQ(DisplayWidth(clipped), 6);
  EXPECT_EQ(StripAnsi(clipped), "onlin…");
  EXPECT_EQ(clipped.substr(clipped.size() - 4), "\x1b[0m");
}

TEST(Paint, OnlyWhenColourIsOn) {
  EXPECT_EQ(Paint("x", sgr::kRed, false), "x");
  EXPECT_EQ(Paint("x", sgr::kRed, true), "\x1b[31mx\x1b[0m");
}

}  // namespace
}  // namespace tend::cli
