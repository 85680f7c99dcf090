# Writes OUT: a C++ source holding every rubric JSON file given in RUBRICS (;-separated) as a
# string, so the web app and the CLI carry the same bundled rubrics.
set(body "// Generated from rubrics/*.json by cmake/embed_rubrics.cmake. Do not edit.\n#include \"bundled.h\"\nnamespace qis {\nconst BundledRubric kBundledRubrics[] = {\n")
set(count 0)
foreach(f ${RUBRICS})
  get_filename_component(id ${f} NAME_WE)
  file(READ ${f} text)
  string(APPEND body "  {\"${id}\", R\"qisjson(${text})qisjson\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
string(APPEND body "};\nconst std::size_t kBundledRubricCount = ${count};\n}  // namespace qis\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
