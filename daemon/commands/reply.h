#pragma once
// Reply: the answer channel of one request. Safe to use after the client went
// away (it then does nothing), and answers at most once.

#include <memory>
#include <nlohmann/json.hpp>

#include "config/status.h"
#include "ipc/protocol.h"
#include "ipc/server.h"

namespace tend {

class Reply {
 public:
  Reply(std::shared_ptr<ipc::Connection> conn, int64_t id) : conn_(std::move(conn)), id_(id) {}
  // A request must never go unanswered: a handler that forgot still answers.
  ~Reply() { Fail(Status::Internal("the daemon dropped this request without an answer")); }
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;

  void Ok(const nlohmann::json& result) {
    if (!Take()) return;
    conn_->Send(ipc::EncodeResult(id_, result));
    Finish();
  }
  void Fail(const Status& status) {
    if (!Take()) return;
    conn_->Send(ipc::EncodeError(id_, status));
    Finish();
  }
  // Streams: any number of events, then End.
  void Event(const nlohmann::json& event) {
    if (conn_ && !conn_->closed()) conn_->Send(ipc::EncodeEvent(id_, event));
  }
  void End() {
    if (!Take()) return;
    conn_->Send(ipc::EncodeEnd(id_));
    Finish();
  }
  const std::shared_ptr<ipc::Connection>& connection() const { return conn_; }
  int64_t id() const { return id_; }

 private:
  bool Take() {
    if (answered_ || !conn_ || conn_->closed()) return false;
    answered_ = true;
    return true;
  }
  void Finish() { conn_->FinishRequest(); }
  std::shared_ptr<ipc::Connection> conn_;
  int64_t id_;
  bool answered_ = false;
};

}  // namespace tend
