#include "daemon/persist/settings_store.h"

#include <gtest/gtest.h>

#include <chrono>

#include "daemon/persist/settings_keys.h"
#include "tests/support/slowdown.h"
#include "tests/unit/daemon/atomic_file_test_support.h"

namespace tend {
namespace {

using test::ReadWholeFile;
using test::TempDir;
using testing::FileExists;
using testing::FileMode;
using testing::WriteFileForTest;

SettingsStore LoadOrDie(const std::string& path) {
  auto store = SettingsStore::Load(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : SettingsStore::Defaults(path);
}

TEST(SettingsStoreTest, MissingFileMeansDefaults) {
  TempDir dir;
  SettingsStore s = LoadOrDie(dir.File("settings.json"));
  EXPECT_TRUE(s.autosave());
  EXPECT_EQ(s.log_max_size_bytes(), 0);
  EXPECT_EQ(s.log_retain(), 30);
  EXPECT_FALSE(s.log_compress());
  EXPECT_EQ(s.log_rotate_interval(), "");
  EXPECT_EQ(s.metrics_interval_ms(), 1000);
  EXPECT_EQ(*s.Get("log_max_size"), "none");
  EXPECT_EQ(s.All().size(), AllSettingKeys().size());
  EXPECT_FALSE(FileExists(dir.File("settings.json")));  // reading never writes
}

TEST(SettingsStoreTest, SetNormalisesPersistsAndSurvivesReload) {
  TempDir dir;
  const std::string path = dir.File("settings.json");
  SettingsStore s = LoadOrDie(path);
  ASSERT_TRUE(s.Set("autosave", "off").ok());
  ASSERT_TRUE(s.Set("log_max_size", "10mb").ok());
  ASSERT_TRUE(s.Set("LOG-RETAIN", "5").ok());
  ASSERT_TRUE(s.Set("log_compress", "Yes").ok());
  ASSERT_TRUE(s.Set("log_rotate_interval", "DAILY").ok());
  ASSERT_TRUE(s.Set("metrics_interval_ms", "250").ok());
  EXPECT_EQ(*s.Get("log_max_size"), "10M");
  EXPECT_EQ(*s.Get("autosave"), "false");
  EXPECT_EQ(FileMode(path), 0600u);

  SettingsStore again = LoadOrDie(path);
  EXPECT_TRUE(again.warnings().empty());
  EXPECT_FALSE(again.autosave());
  EXPECT_EQ(again.log_max_size_bytes(), 10 * 1024 * 1024);
  EXPECT_EQ(again.log_retain(), 5);
  EXPECT_TRUE(again.log_compress());
  EXPECT_EQ(again.log_rotate_interval(), "daily");
  EXPECT_EQ(again.metrics_interval_ms(), 250);
  EXPECT_EQ(again.All()["log_retain"], 5);
}

TEST(SettingsStoreTest, OnlyValuesTheUserSetAreStored) {
  TempDir dir;
  const std::string path = dir.File("settings.json");
  SettingsStore s = LoadOrDie(path);
  ASSERT_TRUE(s.Set("log_retain", "7").ok());
  const auto file = nlohmann::json::parse(ReadWholeFile(path));
  EXPECT_EQ(file, nlohmann::json({{"log_retain", 7}}));
  ASSERT_TRUE(s.Reset("log_retain").ok());
  EXPECT_EQ(s.log_retain(), 30);
  EXPECT_EQ(nlohmann::json::parse(ReadWholeFile(path)), nlohmann::json::object());
}

TEST(SettingsStoreTest, InvalidValuesAreRejectedAndChangeNothing) {
  TempDir dir;
  const std::string path = dir.File("settings.json");
  SettingsStore s = LoadOrDie(path);
  const std::pair<const char*, const char*> bad[] = {
      {"autosave", "maybe"},
      {"log_retain", "0"},
      {"log_retain", "12abc"},
      {"log_retain", "-3"},
      {"log_max_size", "10X"},
      {"log_max_size", "M"},
      {"log_max_size", "99999999G"},
      {"metrics_interval_ms", "5"},
      {"log_rotate_interval", "weekly"},
      {"metrics_interval_ms", ""},
  };
  for (const auto& [key, value] : bad) {
    const Status st = s.Set(key, value);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << key << "=" << value;
    EXPECT_NE(st.message().find(key), std::string::npos) << st.message();
  }
  EXPECT_FALSE(FileExists(path));
  EXPECT_EQ(s.log_retain(), 30);
}

TEST(SettingsStoreTest, UnknownKeysSuggestTheCloseOnes) {
  TempDir dir;
  SettingsStore s = LoadOrDie(dir.File("settings.json"));
  const Status typo = s.Set("autosav", "true");
  EXPECT_EQ(typo.code(), Code::kInvalidArgument);
  EXPECT_NE(typo.message().find("did you mean 'autosave'"), std::string::npos) << typo.message();

  auto pm2_style = s.Get("pm2-logrotate:retain");
  ASSERT_FALSE(pm2_style.ok());
  EXPECT_NE(pm2_style.status().message().find("'log_retain'"), std::string::npos)
      << pm2_style.status().message();

  auto far = s.Get("colour");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.status().message().find("did you mean"), std::string::npos);
  EXPECT_NE(far.status().message().find("known settings: autosave"), std::string::npos)
      << far.status().message();
}

// Seen while profiling fuzz_settings: a client's `get` of an 8 MB key held the daemon's loop
// 2 s (an edit distance of 8 MB against each key) and was answered with the 8 MB key.
TEST(SettingsStoreTest, AHugeUnknownKeyIsAnsweredAtOnceAndQuotedCut) {
  TempDir dir;
  SettingsStore s = LoadOrDie(dir.File("settings.json"));
  const auto start = std::chrono::steady_clock::now();
  auto huge = s.Get(std::string(8 << 20, 'x'));
  // The quadratic distance this guards against took 2 s in a release build; the linear
  // work left takes 5 s under TSan on a busy machine (TSan scales 1 s to 15 s).
  EXPECT_LT(std::chrono::steady_clock::now() - start, test::Scaled(std::chrono::seconds(1)));
  ASSERT_FALSE(huge.ok());
  EXPECT_LT(huge.status().message().size(), 300u);
  EXPECT_NE(huge.status().message().find("(8388608 bytes)"), std::string::npos);
  EXPECT_NE(s.Set("log_retain", std::string(1 << 20, '9')).message().find("(1048576 bytes)"),
            std::string::npos);
}

TEST(SettingsStoreTest, BadValuesInTheFileWarnAndUseDefaults) {
  TempDir dir;
  const std::string path = dir.File("settings.json");
  WriteFileForTest(path, R"({"log_retain": "lots", "autosave": false, "from_the_future": 1})");
  SettingsStore s = LoadOrDie(path);
  EXPECT_EQ(s.warnings().size(), 2u);
  EXPECT_EQ(s.log_retain(), 30);
  EXPECT_FALSE(s.autosave());
  // A later write keeps the key this version does not know.
  ASSERT_TRUE(s.Set("log_compress", "true").ok());
  const auto file = nlohmann::json::parse(ReadWholeFile(path));
  EXPECT_EQ(file["from_the_future"], 1);
}

TEST(SettingsStoreTest, AFileThatIsNotAnObjectIsAnErrorNamingIt) {
  TempDir dir;
  const std::string path = dir.File("settings.json");
  WriteFileForTest(path, "[1,2");
  auto s = SettingsStore::Load(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path), std::string::npos);
}

TEST(SettingsKeysTest, ByteSizesParseWithBinaryUnits) {
  EXPECT_EQ(*ParseByteSize("512"), 512);
  EXPECT_EQ(*ParseByteSize("1k"), 1024);
  EXPECT_EQ(*ParseByteSize("10M"), 10 * 1024 * 1024);
  EXPECT_EQ(*ParseByteSize("2GiB"), int64_t{2} * 1024 * 1024 * 1024);
  EXPECT_EQ(*ParseByteSize("none"), 0);
  EXPECT_FALSE(ParseByteSize("1.5M").ok());
  EXPECT_FALSE(ParseByteSize("").ok());
  const SettingKey* key = FindSettingKey("log_max_size");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(*ParseSettingText(*key, "1048576"), "1M");
  EXPECT_EQ(*ParseSettingText(*key, "1536k"), "1536K");
  EXPECT_EQ(*ParseSettingText(*key, "0"), "none");
}

}  // namespace
}  // namespace tend
