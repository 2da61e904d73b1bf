// What the daemon names the home's cgroup folder, and the marks that name a child.
#include "daemon/os/app_cgroups.h"

#include <gtest/gtest.h>

#include "daemon/os/child_marks.h"

namespace tend {
namespace {

TEST(AppCgroups, EachHomeHasAStableFolderOfItsOwn) {
  const std::string a = HomeCgroupName("/root/.tend");
  EXPECT_EQ(a, HomeCgroupName("/root/.tend")) << "the next daemon must find the same folder";
  EXPECT_NE(a, HomeCgroupName("/root/.tend2"));
  ASSERT_EQ(a.size(), 5u + 16u);
  EXPECT_EQ(a.rfind("tend-", 0), 0u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef", 5), std::string::npos) << a;
  // FNV-1a 64, as published: the empty string is the offset basis, "a" its known digest.
  EXPECT_EQ(HomeCgroupName(""), "tend-cbf29ce484222325");
  EXPECT_EQ(HomeCgroupName("a"), "tend-af63dc4c8601ec8c");
}

TEST(ChildMarks, AllThreeMarksOfThisHomeNameAChild) {
  using namespace std::string_literals;
  ChildMarks m;
  EXPECT_TRUE(ParseChildMarks("A=1\0TEND_HOME=/h\0pm_id=3\0TEND_INSTANCE=1"s, "/h", &m));
  EXPECT_EQ(m.pm_id, 3);
  EXPECT_EQ(m.instance, 1);
  EXPECT_FALSE(ParseChildMarks("TEND_HOME=/other\0pm_id=3\0TEND_INSTANCE=1"s, "/h", &m));
  EXPECT_FALSE(ParseChildMarks("TEND_HOME=/h\0pm_id=x\0TEND_INSTANCE=1"s, "/h", &m));
  EXPECT_FALSE(ParseChildMarks("TEND_HOME=/h\0TEND_INSTANCE=1"s, "/h", &m));
}

}  // namespace
}  // namespace tend
