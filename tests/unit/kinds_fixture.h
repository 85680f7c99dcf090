// A small rubric that uses every rule kind once, for tests of the rules themselves.
#pragma once

inline const char* kAllKindsRubric = R"({
  "format": "qis-rubric/1", "id": "kinds", "version": "1", "title": "各类规则", "issuer": "测试", "document": "测试",
  "total": 90, "bonus_total": 5,
  "thresholds": [
    {"id": "fail", "label": "不合格", "op": "<", "value": 60, "kind": "fail"},
    {"id": "good", "label": "良好", "op": ">", "value": 70, "kind": "pass"},
    {"id": "top", "label": "优秀", "op": ">=", "value": 90, "kind": "pass"}
  ],
  "indicators": [
    {"id": "A", "title": "甲", "max": 90, "children": [
      {"id": "check", "title": "清单", "max": 4, "rule": {"kind": "checklist",
        "items": [{"id": "1", "text": "一", "points": 1}, {"id": "2", "text": "二", "points": 1}, {"id": "3", "text": "三", "points": 2}],
        "extra": {"text": "其他", "points": 1}}},
      {"id": "count", "title": "证书", "max": 10, "rule": {"kind": "count", "unit": "份", "points": 0.5}},
      {"id": "hundreds", "title": "培训", "max": 5, "rule": {"kind": "count", "unit": "家次", "per": 100, "points": 1}},
      {"id": "levels", "title": "机构", "max": 10, "rule": {"kind": "levels", "levels": [
        {"text": "齐全的", "points": 10}, {"text": "不齐全的", "min": 5, "max": 9}, {"text": "否则", "points": 0}]}},
      {"id": "judge", "title": "布局", "max": 8, "rule": {"kind": "judgment", "step": 0.5}},
      {"id": "graded", "title": "制度", "max": 15, "rule": {"kind": "graded_items",
        "items": [{"id": "a", "text": "岗位职责"}, {"id": "b", "text": "首问负责"}, {"id": "c", "text": "数据安全"}],
        "item_points": 5, "full_text": "适用", "partial": {"text": "不充分", "min": 1, "max": 4},
        "missing": {"text": "缺少", "deduct": 5}}},
      {"id": "bands", "title": "满意度", "max": 20, "rule": {"kind": "bands", "value_label": "满意度", "value_unit": "分",
        "value_min": 0, "value_max": 100, "bands": [
          {"from": 95, "text": "95分以上", "points": 20}, {"from": 90, "text": "90分~94分", "points": 17},
          {"from": 60, "text": "60分~89分", "min": 5, "max": 15}, {"from": 0, "text": "60分以下", "points": 0}]}},
      {"id": "highest", "title": "荣誉", "max": 10, "rule": {"kind": "highest", "options": [
        {"id": "n", "text": "国家级", "points": 10}, {"id": "p", "text": "省级", "points": 8}, {"id": "c", "text": "市级", "points": 5}]}},
      {"id": "cats", "title": "机构集聚", "max": 8, "rule": {"kind": "category_counts", "unit": "家", "per": 5, "points": 2,
        "cap_each": 5, "categories": [{"id": "m", "text": "计量"}, {"id": "s", "text": "标准"}]}}
    ]},
    {"id": "B", "title": "加分", "max": 5, "bonus": true, "children": [
      {"id": "yes", "title": "一网通办", "max": 1, "rule": {"kind": "yesno"}},
      {"id": "cases", "title": "案例", "max": 4, "rule": {"kind": "count", "unit": "个", "points": 2}}
    ]}
  ]
})";
