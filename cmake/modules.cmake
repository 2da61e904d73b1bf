# tend_module(<target> <folder> [LINKS target...] [EXCLUDE file.cc...])
#
# One static library per module: the *.cc files of <folder> (relative to the project
# root). Its headers are included as "<folder>/name.h", and only a target that links it
# can find them: the include root of a module is a folder of its own in the build tree,
# holding one link, to <folder> alone. A module therefore sees its own headers and those
# of the modules it links (PUBLIC, so transitively), never one it does not: an include
# against the allowed direction fails to compile ("No such file or directory").
# See docs/architecture.md for the modules and their direction.
function(tend_module target folder)
  cmake_parse_arguments(ARG "" "" "LINKS;EXCLUDE" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.cc)
  foreach(excluded ${ARG_EXCLUDE})
    list(REMOVE_ITEM sources ${PROJECT_SOURCE_DIR}/${folder}/${excluded})
  endforeach()
  add_library(${target} STATIC ${sources})
  tend_include_root(${target} ${folder})
  target_link_libraries(${target} PUBLIC ${ARG_LINKS})
  tend_warnings(${target})
endfunction()

# The include root of tend_module, for a library whose sources are listed by hand.
function(tend_include_root target folder)
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
  target_include_directories(${target} PUBLIC ${root})
endfunction()
