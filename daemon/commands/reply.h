#pragma once
// Reply: the answer channel of one request. Safe to use after the client went
// away (it then does nothing), and answers at most once. A gate may hold the answer
// back until something is done (the daemon's: the live state is on disk, so what a
// client was told happened survives a crash of the daemon).

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/status.h"
#include "ipc/frame_parts.h"
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

  // Receives the sending of the final answer and runs it when it may go (at once or later).
  using Gate = std::function<void(std::function<void()> send)>;
  void set_gate(Gate gate) { gate_ = std::move(gate); }

  void Ok(const nlohmann::json& result) {
    if (!Take()) return;
    Deliver(ipc::EncodeResult(id_, result));
  }
  // A result that is an array, each element already written as JSON text by the daemon
  // (never by a client): a long one goes as item parts, nothing escaped.
  void OkArray(const std::vector<std::string>& elements) {
    if (!Take()) return;
    Deliver(ipc::SplitLongArrayResult(id_, elements));
  }
  void Fail(const Status& status) {
    if (!Take()) return;
    Deliver(ipc::EncodeError(id_, status));
  }
  // Streams: any number of events, then End.
  void Event(const nlohmann::json& event) {
    if (conn_ && !conn_->closed()) conn_->Send(ipc::EncodeEvent(id_, event));
  }
  void End() {
    if (!Take()) return;
    Deliver(ipc::EncodeEnd(id_));
  }
  const std::shared_ptr<ipc::Connection>& connection() const { return conn_; }
  int64_t id() const { return id_; }

 private:
  bool Take() {
    if (answered_ || !conn_ || conn_->closed()) return false;
    answered_ = true;
    return true;
  }
  // The final frame, through the gate; the sending keeps what it needs (this may be gone).
  void Deliver(std::string frame) {
    auto send = [conn = conn_, frame = std::move(frame)] {
      if (conn->closed()) return;
      conn->Send(frame);
      conn->FinishRequest();
    };
    if (gate_) {
      gate_(std::move(send));
    } else {
      send();
    }
  }
  std::shared_ptr<ipc::Connection> conn_;
  int64_t id_;
  bool answered_ = false;
  Gate gate_;
};

}  // namespace tend
