#include "daemon/logs/log_subscribers.h"

#include <algorithm>
#include <utility>

namespace tend {

SubscriptionId LogSubscribers::Subscribe(Callback callback) {
  const SubscriptionId id = next_id_++;
  entries_.push_back(std::make_unique<Entry>(Entry{id, std::move(callback)}));
  return id;
}

void LogSubscribers::Unsubscribe(SubscriptionId id) {
  for (auto& entry : entries_) {
    if (entry->id == id && !entry->removed) {
      entry->removed = true;
      ++removed_;
    }
  }
  if (dispatch_depth_ == 0) Compact();
}

void LogSubscribers::Dispatch(const LogLineRef& line) {
  ++dispatch_depth_;
  const size_t count = entries_.size();
  for (size_t i = 0; i < count; ++i) {
    Entry* entry = entries_[i].get();
    if (!entry->removed) entry->callback(line);
  }
  if (--dispatch_depth_ == 0 && removed_ > 0) Compact();
}

size_t LogSubscribers::size() const {
  return entries_.size() - removed_;
}

void LogSubscribers::Compact() {
  removed_ = 0;
  entries_.erase(
      std::remove_if(entries_.begin(), entries_.end(), [](const auto& e) { return e->removed; }),
      entries_.end());
}

}  // namespace tend
