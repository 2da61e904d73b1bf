#include "config/ecosystem/yaml_bounds.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace tend::ecosystem {
namespace {

// What a node holds once its aliases are expanded: how many values, how many levels.
struct Extent {
  size_t values = 1;
  size_t height = 1;
};

// Counts, for each open list or map and each anchor, the Extent of the node; an alias
// adds its anchor's Extent where it stands. Stops counting at the first bound passed
// (error() says which); yaml-cpp's parser reads on, in time linear in the text.
class BoundsCounter : public YAML::EventHandler {
 public:
  // Empty, or "<line>: <why>" (" <why>" when the line is unknown).
  const std::string& error() const { return error_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { Leaf(anchor); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Leaf(anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapEnd() override { Close(); }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (!error_.empty()) return;
    for (const Frame& f : open_) {
      if (f.anchor == anchor) return Fail(mark, "an alias refers to a node that contains it");
    }
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) return;  // yaml-cpp's parser reports an unknown anchor
    alias_values_ += it->second.values;
    if (alias_values_ > kMaxYamlAliasValues) {
      return Fail(mark,
                  "aliases expand to more than " + std::to_string(kMaxYamlAliasValues) + " values");
    }
    Add(it->second, mark);
  }

 private:
  struct Frame {
    YAML::anchor_t anchor;
    Extent extent;
  };

  void Leaf(YAML::anchor_t anchor) {
    if (!error_.empty()) return;
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Extent{};
    if (!open_.empty()) open_.back().extent.values += 1;
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (!error_.empty()) return;
    open_.push_back({anchor, Extent{}});
    if (open_.size() > kMaxYamlDepth) TooDeep(mark);
  }

  void Close() {
    if (!error_.empty() || open_.empty()) return;
    const Frame done = open_.back();
    open_.pop_back();
    if (done.anchor != YAML::NullAnchor) anchors_[done.anchor] = done.extent;
    if (!open_.empty()) Add(done.extent, YAML::Mark());
  }

  // `child` now stands inside the innermost open node.
  void Add(const Extent& child, const YAML::Mark& mark) {
    if (open_.empty()) return;
    Extent& parent = open_.back().extent;
    parent.values += child.values;
    parent.height = std::max(parent.height, child.height + 1);
    if (open_.size() - 1 + child.height > kMaxYamlDepth) TooDeep(mark);
  }

  void TooDeep(const YAML::Mark& mark) {
    Fail(mark, "nesting deeper than " + std::to_string(kMaxYamlDepth) + " levels");
  }

  void Fail(const YAML::Mark& mark, const std::string& why) {
    if (!error_.empty()) return;
    error_ = (mark.is_null() ? " " : std::to_string(mark.line + 1) + ": ") + why;
  }

  std::vector<Frame> open_;
  std::unordered_map<YAML::anchor_t, Extent> anchors_;
  size_t alias_values_ = 0;
  std::string error_;
};

}  // namespace

Status CheckYamlBounds(std::string_view text, const std::string& source_name) {
  std::istringstream in{std::string(text)};
  BoundsCounter counter;
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(counter);
  } catch (const YAML::Exception& e) {
    // A bound passed before the syntax error (yaml-cpp's own depth limit among them) is
    // the first thing wrong.
    if (counter.error().empty()) {
      return Status::InvalidArgument(source_name + ":" + std::to_string(e.mark.line + 1) + ": " +
                                     e.msg);
    }
  }
  if (counter.error().empty()) return Status::Ok();
  return Status::InvalidArgument(source_name + ":" + counter.error());
}

}  // namespace tend::ecosystem
