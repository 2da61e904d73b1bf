#pragma once
// LogSubscribers: live listeners of a process's lines (`tend logs` streaming).
// Dispatch never blocks; a callback must not block either (the socket code keeps
// its own bounded queue). Unsubscribe is safe at any time, including from inside
// a callback during dispatch (of itself or of another subscriber); a subscriber
// added during a dispatch first receives the next line.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/logs/log_line.h"

namespace tend {

using SubscriptionId = uint64_t;

class LogSubscribers {
 public:
  using Callback = std::function<void(const LogLineRef&)>;

  SubscriptionId Subscribe(Callback callback);
  // Unknown or already removed ids are ignored.
  void Unsubscribe(SubscriptionId id);
  void Dispatch(const LogLineRef& line);
  size_t size() const;

 private:
  struct Entry {
    SubscriptionId id;
    Callback callback;
    bool removed = false;
  };
  void Compact();

  // Entries are never erased during a dispatch (only marked removed), and each
  // has its own address, so one stays alive while its callback runs even if the
  // vector grows or the entry is unsubscribed meanwhile.
  std::vector<std::unique_ptr<Entry>> entries_;
  SubscriptionId next_id_ = 1;
  int dispatch_depth_ = 0;
  size_t removed_ = 0;  // entries marked removed, not yet compacted away
};

}  // namespace tend
