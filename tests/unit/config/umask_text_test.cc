#include "config/umask_text.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace tend {
namespace {

TEST(UmaskTextTest, OctalStringsOfOneToFourDigits) {
  EXPECT_EQ(*ParseUmask("022"), 022u);
  EXPECT_EQ(*ParseUmask("0027"), 027u);
  EXPECT_EQ(*ParseUmask("7"), 07u);
  EXPECT_EQ(*ParseUmask("777"), 0777u);
  EXPECT_EQ(UmaskText(022), "0022");
  EXPECT_EQ(UmaskText(0), "0000");
}

TEST(UmaskTextTest, AnythingElseIsRefusedNamingIt) {
  for (const char* bad : {"", "8", "0x12", "-022", "00000", "1777", "22 ", "u=rwx"}) {
    auto mask = ParseUmask(bad);
    ASSERT_FALSE(mask.ok()) << bad;
    EXPECT_EQ(mask.status().code(), Code::kInvalidArgument);
    EXPECT_NE(mask.status().message().find(std::string("'") + bad + "'"), std::string::npos)
        << mask.status().message();
  }
}

TEST(UmaskTextTest, CurrentUmaskLeavesItAsItWas) {
  const mode_t old = ::umask(027);
  EXPECT_EQ(CurrentUmask(), 027u);
  EXPECT_EQ(CurrentUmask(), 027u);
  ::umask(old);
}

}  // namespace
}  // namespace tend
