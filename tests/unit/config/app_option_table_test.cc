// The app option table's own invariants: an integer option's range fits its
// member (so storing a checked value never wraps), and no two options share a
// key, an alias or a flag.
#include "config/app_option_table.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>

namespace tend {
namespace {

TEST(AppOptionTable, AnIntOptionsRangeFitsItsMember) {
  for (const auto& o : AppOptionTable()) {
    if (!std::holds_alternative<int AppSpec::*>(o.member)) continue;
    if (o.type == OptionType::kInstances) continue;  // resolved by ResolveInstances
    EXPECT_GE(o.range.min, std::numeric_limits<int>::min()) << o.key;
    EXPECT_LE(o.range.max, std::numeric_limits<int>::max()) << o.key;
  }
}

TEST(AppOptionTable, KeysAndFlagsAreUnique) {
  std::map<std::string, int> seen;
  for (const auto& o : AppOptionTable()) {
    ++seen[std::string(o.key)];
    for (auto a : o.aliases)
      ++seen[std::string(a)];
    if (!o.flag.empty()) ++seen[std::string(o.flag)];
  }
  for (const auto& [name, n] : seen)
    EXPECT_EQ(n, 1) << name;
}

}  // namespace
}  // namespace tend
