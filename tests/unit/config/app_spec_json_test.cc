// The AppSpec JSON codec (dump and protocol): a value that does not fit its
// field is refused, never wrapped into another one.
#include "config/app_spec_json.h"

#include <gtest/gtest.h>

namespace tend {
namespace {

TEST(AppSpecJson, RoundTripsEveryField) {
  AppSpec spec;
  spec.name = "api";
  spec.max_restarts = 7;
  spec.kill_timeout_ms = 9000000000;
  spec.stop_exit_codes = {0, 2};
  spec.env = {{"A", "1"}};
  spec.watch_paths = {"src"};
  auto back = AppSpecFromJson(AppSpecToJson(spec));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, spec);
}

TEST(AppSpecJson, AnIntegerThatDoesNotFitIsRefusedNotWrapped) {
  auto j = AppSpecToJson(AppSpec{});
  j["max_restarts"] = 4294967296LL;
  auto spec = AppSpecFromJson(j);
  ASSERT_FALSE(spec.ok()) << "max_restarts became " << spec->max_restarts;
  EXPECT_EQ(spec.status().message(), "app spec field 'max_restarts': expected an integer");
  j["max_restarts"] = 16;
  j["kill_timeout"] = 18446744073709551615ULL;
  EXPECT_FALSE(AppSpecFromJson(j).ok());
  j["kill_timeout"] = 5;
  j["stop_exit_codes"] = {0, 4294967296LL};
  EXPECT_FALSE(AppSpecFromJson(j).ok());
}

}  // namespace
}  // namespace tend
