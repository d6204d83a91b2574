#include "services/budget/domain/items.h"

namespace jixiao::budget {
namespace {

struct ItemInfo {
  Item item;
  absl::string_view key;
  absl::string_view label;
};

constexpr ItemInfo kItems[] = {
#define JIXIAO_ITEM_INFO(name, key, label) {Item::name, key, label},
    JIXIAO_BUDGET_ITEMS(JIXIAO_ITEM_INFO)
#undef JIXIAO_ITEM_INFO
};

}  // namespace

absl::string_view KeyOf(Item item) {
  return kItems[static_cast<int>(item)].key;
}

absl::string_view LabelOf(Item item) {
  return kItems[static_cast<int>(item)].label;
}

std::optional<Item> ItemByKey(absl::string_view key) {
  for (const ItemInfo& info : kItems) {
    if (info.key == key) return info.item;
  }
  return std::nullopt;
}

const std::array<Item, kItemCount>& AllItems() {
  static const std::array<Item, kItemCount> all = [] {
    std::array<Item, kItemCount> items{};
    for (int i = 0; i < kItemCount; ++i) items[i] = kItems[i].item;
    return items;
  }();
  return all;
}

absl::string_view LabelOf(Phase phase) {
  switch (phase) {
    case Phase::kOriginal:
      return "年初预算";
    case Phase::kAdjusted:
      return "调整预算";
    case Phase::kFinal:
      return "决算";
  }
  return "";
}

bool PhaseFigures::Empty() const {
  for (const auto& value : values_) {
    if (value.has_value()) return false;
  }
  return true;
}

}  // namespace jixiao::budget
