#include "config/status.h"

#include <gtest/gtest.h>
#include <uv.h>

#include <cerrno>
#include <cstring>

namespace tend {
namespace {

TEST(StatusTest, FromErrnoKeepsTheErrnoAndTheMessage) {
  Status s = Status::FromErrno("listen on :3000", EADDRINUSE);
  EXPECT_EQ(s.code(), Code::kIo);
  EXPECT_EQ(s.os_error(), EADDRINUSE);
  EXPECT_EQ(s.message(), std::string("listen on :3000: ") + std::strerror(EADDRINUSE));
}

TEST(StatusTest, FromErrnoMapsTheCommonCauses) {
  EXPECT_EQ(Status::FromErrno("open x", ENOENT).code(), Code::kNotFound);
  EXPECT_EQ(Status::FromErrno("open x", EACCES).code(), Code::kPermissionDenied);
  EXPECT_EQ(Status::FromErrno("kill 1", EPERM).code(), Code::kPermissionDenied);
  EXPECT_EQ(Status::FromErrno("write x", ENOSPC).code(), Code::kIo);
}

TEST(StatusTest, FromUvKeepsTheErrnoBehindALibuvCode) {
  Status s = Status::FromUv("uv_pipe_open", UV_EBADF);
  EXPECT_EQ(s.code(), Code::kIo);
  EXPECT_EQ(s.os_error(), EBADF);
  EXPECT_EQ(s.message(), std::string("uv_pipe_open: ") + uv_strerror(UV_EBADF));
  EXPECT_EQ(Status::FromUv("open x", UV_ENOENT).code(), Code::kNotFound);
}

TEST(StatusTest, OnlyAnOsFailureHasAnOsError) {
  EXPECT_EQ(Status::Ok().os_error(), 0);
  EXPECT_EQ(Status::NotFound("no process named 'api'").os_error(), 0);
  EXPECT_EQ(Status(Code::kIo, "write failed", ENOSPC).os_error(), ENOSPC);
}

}  // namespace
}  // namespace tend
