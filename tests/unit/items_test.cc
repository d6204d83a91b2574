#include "services/budget/domain/items.h"

#include <set>

#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.pb.h"
#include "services/budget/domain/convert.h"

namespace jixiao::budget {
namespace {

// The proto's PhaseFigures and the domain's item table must name the same
// figures, or a figure would be silently dropped on the way in or out.
TEST(Items, EveryItemHasAnInt64ProtoFieldAndBack) {
  const auto* descriptor = v1::PhaseFigures::descriptor();
  std::set<std::string> keys;
  for (const Item item : AllItems()) {
    const auto* field = descriptor->FindFieldByName(std::string(KeyOf(item)));
    ASSERT_NE(field, nullptr) << KeyOf(item);
    EXPECT_EQ(field->cpp_type(),
              google::protobuf::FieldDescriptor::CPPTYPE_INT64);
    EXPECT_TRUE(field->has_presence()) << KeyOf(item) << " must be optional";
    EXPECT_EQ(ItemByKey(KeyOf(item)), item);
    EXPECT_FALSE(LabelOf(item).empty());
    keys.insert(std::string(KeyOf(item)));
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const std::string name = descriptor->field(i)->name();
    if (name == "phase" || name == "sources") continue;
    EXPECT_TRUE(keys.contains(name)) << name << " has no domain item";
  }
}

TEST(Items, AbsentIsNotZero) {
  PhaseFigures figures;
  EXPECT_TRUE(figures.Empty());
  EXPECT_FALSE(figures.Get(Item::kAbroad).has_value());
  figures.Set(Item::kAbroad, 0);
  EXPECT_TRUE(figures.Has(Item::kAbroad));
  EXPECT_EQ(*figures.Get(Item::kAbroad), 0);
  v1::PhaseFigures proto;
  SetFigure(&proto, Item::kAbroad, 0);
  EXPECT_TRUE(proto.has_abroad());
  EXPECT_FALSE(proto.has_reception());
  EXPECT_EQ(FigureOf(proto, Item::kAbroad), 0);
  EXPECT_EQ(FigureOf(proto, Item::kReception), std::nullopt);
}

}  // namespace
}  // namespace jixiao::budget
