// One declared target indicator, added to a target set or a form under test:
// the same eight fields every test that builds targets fills.
#ifndef JIXIAO_TESTS_SUPPORT_TARGET_INDICATOR_H_
#define JIXIAO_TESTS_SUPPORT_TARGET_INDICATOR_H_

#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::testing {

inline void AddIndicator(
    google::protobuf::RepeatedPtrField<indicator::v1::TargetIndicator>* to,
    const std::string& id, const std::string& level1, const std::string& level2,
    const std::string& name, indicator::v1::Comparator comparator,
    const std::string& value, const std::string& unit) {
  indicator::v1::TargetIndicator* i = to->Add();
  i->set_id(id);
  i->set_level1(level1);
  i->set_level2(level2);
  i->set_name(name);
  i->set_comparator(comparator);
  i->set_value(value);
  i->set_unit(unit);  // "" is the same as unset (proto3)
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_SUPPORT_TARGET_INDICATOR_H_
