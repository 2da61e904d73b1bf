// The frame codec: what the daemon accepts, what it refuses and why, and the
// four kinds of frame the CLI reads back.
#include "ipc/protocol.h"

#include <gtest/gtest.h>

#include <string>

namespace tend::ipc {
namespace {

using nlohmann::json;

std::string WithoutNewline(std::string frame) {
  EXPECT_FALSE(frame.empty());
  EXPECT_EQ(frame.back(), '\n');
  EXPECT_EQ(frame.find('\n'), frame.size() - 1) << "a frame is exactly one line";
  frame.pop_back();
  return frame;
}

void ExpectProtocolError(std::string_view line, std::string_view mentions) {
  auto r = ParseRequest(line);
  ASSERT_FALSE(r.ok()) << line;
  EXPECT_EQ(r.status().code(), Code::kProtocol) << r.status().ToString();
  EXPECT_NE(r.status().message().find(mentions), std::string::npos)
      << "'" << r.status().message() << "' should mention '" << mentions << "'";
}

TEST(Protocol, RequestRoundTrips) {
  Request req;
  req.id = 42;
  req.cmd = "start";
  req.args = {{"name", "api"}, {"instances", 4}, {"env", {{"A", "1"}}}};
  auto parsed = ParseRequest(WithoutNewline(EncodeRequest(req)));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->id, 42);
  EXPECT_EQ(parsed->cmd, "start");
  EXPECT_EQ(parsed->version, kProtocolVersion);
  EXPECT_EQ(parsed->args, req.args);
}

TEST(Protocol, RequestWithoutArgsHasAnEmptyObject) {
  auto parsed = ParseRequest(R"({"v":1,"id":7,"cmd":"ping"})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->args.is_object());
  EXPECT_TRUE(parsed->args.empty());
}

TEST(Protocol, MissingFieldsAreNamed) {
  ExpectProtocolError(R"({"id":1,"cmd":"ping"})", "\"v\"");
  ExpectProtocolError(R"({"v":1,"cmd":"ping"})", "\"id\"");
  ExpectProtocolError(R"({"v":1,"id":1})", "\"cmd\"");
  ExpectProtocolError(R"({"v":1,"id":1,"cmd":""})", "\"cmd\"");
  ExpectProtocolError(R"({"v":1,"id":"1","cmd":"ping"})", "\"id\"");
  ExpectProtocolError(R"({"v":"1","id":1,"cmd":"ping"})", "\"v\"");
  ExpectProtocolError(R"({"v":1,"id":1,"cmd":7})", "\"cmd\"");
  ExpectProtocolError(R"({"v":1,"id":1,"cmd":"ping","args":[1]})", "\"args\"");
}

TEST(Protocol, WrongVersionNamesBothVersions) {
  auto r = ParseRequest(R"({"v":2,"id":1,"cmd":"ping"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kProtocol);
  EXPECT_NE(r.status().message().find("version 2"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find(std::to_string(kProtocolVersion)), std::string::npos);
}

TEST(Protocol, AVersionBeyondIntIsNotReadAsAnother) {
  // 2^32 + 1 and 2^64 - 1 are not version 1, whatever an int cast would make of them.
  for (const char* v : {"4294967297", "18446744073709551615", "-4294967295"}) {
    auto r = ParseRequest(std::string(R"({"v":)") + v + R"(,"id":1,"cmd":"ping"})");
    ASSERT_FALSE(r.ok()) << v;
    EXPECT_NE(r.status().message().find(std::string("version ") + v), std::string::npos)
        << r.status().message();
  }
}

TEST(Protocol, NotAnObjectGarbageAndTruncatedJsonAreRefused) {
  ExpectProtocolError("[1,2,3]", "not a JSON object");
  ExpectProtocolError("\"ping\"", "not a JSON object");
  ExpectProtocolError("42", "not a JSON object");
  ExpectProtocolError("garbage", "not valid JSON");
  ExpectProtocolError("", "not valid JSON");
  ExpectProtocolError(R"({"v":1,"id":1,"cmd":"pi)", "not valid JSON");
  ExpectProtocolError(R"({"v":1,"id":1,"cmd":"ping")", "not valid JSON");
  ExpectProtocolError("{\"v\":1,\"id\":1,\"cmd\":\"ping\"}\xff", "not valid JSON");
}

TEST(Protocol, OversizedFrameIsRefusedBeforeParsing) {
  // Valid JSON, one byte over the limit.
  std::string big = R"({"v":1,"id":1,"cmd":"ping","args":{"pad":")";
  const std::string tail = "\"}}";
  big.append(kMaxFrameBytes + 1 - big.size() - tail.size(), 'x');
  big += tail;
  ASSERT_EQ(big.size(), kMaxFrameBytes + 1);
  ExpectProtocolError(big, "limit");
  EXPECT_FALSE(ParseResponse(big).ok());
  // At the limit it is accepted.
  big.erase(big.size() - tail.size() - 1, 1);
  ASSERT_EQ(big.size(), kMaxFrameBytes);
  EXPECT_TRUE(ParseRequest(big).ok());
}

TEST(Protocol, EncodingNeverThrowsOnInvalidUtf8) {
  Request req;
  req.id = 1;
  req.cmd = "start";
  req.args = {{"script", std::string("/tmp/\xff\xfe.sh")}};
  std::string frame;
  ASSERT_NO_THROW(frame = EncodeRequest(req));
  auto parsed = ParseRequest(WithoutNewline(frame));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->args["script"], "/tmp/\xEF\xBF\xBD\xEF\xBF\xBD.sh");  // U+FFFD twice
  ASSERT_NO_THROW(EncodeResult(1, json(std::string("\xc3"))));
  ASSERT_NO_THROW(EncodeEvent(1, json{{"line", std::string("\x80")}}));
  ASSERT_NO_THROW(EncodeError(1, Status::Io(std::string("bad \xff path"))));
}

TEST(Protocol, ResultFrame) {
  auto r = ParseResponse(WithoutNewline(EncodeResult(9, json{{"pid", 123}})));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, 9);
  EXPECT_EQ(r->kind, Response::Kind::kResult);
  EXPECT_EQ(r->body, json({{"pid", 123}}));
  EXPECT_TRUE(r->error.ok());
}

TEST(Protocol, ResultTextIsTheResultAsWrittenForThatIdOnly) {
  const json list = json::array({{{"name", "api"}, {"env", {{"A", "1"}}}}});
  const std::string frame = WithoutNewline(EncodeResult(12, list));
  auto text = ResultText(frame, 12);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(json::parse(*text), list);
  EXPECT_FALSE(ResultText(frame, 1).has_value()) << "another request's answer";
  EXPECT_FALSE(ResultText(WithoutNewline(EncodeError(12, Status::Io("x"))), 12).has_value());
  EXPECT_FALSE(ResultText(WithoutNewline(EncodeEvent(12, list)), 12).has_value());
  EXPECT_FALSE(ResultText("{\"id\":12,\"ok\":true,\"result\":", 12).has_value());
}

TEST(Protocol, ErrorFrameKeepsCodeAndMessage) {
  auto r =
      ParseResponse(WithoutNewline(EncodeError(3, Status::NotFound("no process named 'api'"))));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, 3);
  EXPECT_EQ(r->kind, Response::Kind::kError);
  EXPECT_EQ(r->error.code(), Code::kNotFound);
  EXPECT_EQ(r->error.message(), "no process named 'api'");
}

TEST(Protocol, ErrorFrameWithAnUnknownCodeIsStillAnError) {
  auto r = ParseResponse(R"({"id":3,"ok":false,"error":{"code":"martian","message":"m"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, Response::Kind::kError);
  EXPECT_FALSE(r->error.ok());
  EXPECT_EQ(r->error.message(), "m");
  r = ParseResponse(R"({"id":3,"ok":false,"error":{"code":"ok"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->error.ok()) << "an error frame must never read as success";
  r = ParseResponse(R"({"id":3,"ok":false})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->error.ok());
}

TEST(Protocol, EventAndEndFrames) {
  auto ev = ParseResponse(WithoutNewline(EncodeEvent(5, json{{"line", "hello"}})));
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->id, 5);
  EXPECT_EQ(ev->kind, Response::Kind::kEvent);
  EXPECT_EQ(ev->body["line"], "hello");
  auto end = ParseResponse(WithoutNewline(EncodeEnd(5)));
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_EQ(end->id, 5);
  EXPECT_EQ(end->kind, Response::Kind::kEnd);
}

// Found by review while writing tests/fuzz/fuzz_answer.cc (corpus: crash-end-not-bool,
// crash-error-code-not-string): json::value() threw type_error on these, so the CLI said
// "tend: internal error: [json.exception.type_error.302] ..." and exited 3.
TEST(Protocol, AnswersWithMembersOfAnotherTypeAreReadOrRefusedNeverThrown) {
  for (const char* frame :
       {R"({"id":1,"end":1})", R"({"id":1,"end":null})", R"({"id":1,"end":"yes","ok":"no"})"}) {
    auto r = ParseResponse(frame);
    EXPECT_EQ(r.status().code(), Code::kProtocol) << frame;
  }
  auto r = ParseResponse(R"({"id":1,"ok":false,"error":{"code":5,"message":["m"]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, Response::Kind::kError);
  EXPECT_EQ(r->error.code(), Code::kInternal);
  EXPECT_EQ(r->error.message(), "the daemon answered an error without a message");
  r = ParseResponse(R"({"id":1,"ok":false,"error":{"code":"not_found","message":7}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error.code(), Code::kNotFound);
  r = ParseResponse(R"({"id":1,"end":false,"ok":true,"result":2})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, Response::Kind::kResult);
  EXPECT_EQ(r->body, 2);
}

TEST(Protocol, ResponsesOfNoKnownKindAreRefused) {
  EXPECT_EQ(ParseResponse(R"({"id":1})").status().code(), Code::kProtocol);
  EXPECT_EQ(ParseResponse(R"({"id":1,"ok":"yes"})").status().code(), Code::kProtocol);
  EXPECT_EQ(ParseResponse(R"({"ok":true})").status().code(), Code::kProtocol);
  EXPECT_EQ(ParseResponse("nope").status().code(), Code::kProtocol);
  EXPECT_EQ(ParseResponse("[]").status().code(), Code::kProtocol);
}

}  // namespace
}  // namespace tend::ipc
