# Applied to every target of the project (not to system headers).
function(tend_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                           -Wimplicit-fallthrough)
  if(TEND_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
