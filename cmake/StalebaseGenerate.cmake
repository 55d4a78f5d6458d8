# Run at build time (cmake -P): OUTPUT is what the built stalebase prints for
# ARGS (a ;-list: `manpage`, `completion;bash`, ...), and with GZIP set also
# OUTPUT.gz, compressed reproducibly (no name, no time stamp).
execute_process(COMMAND "${STALEBASE}" ${ARGS}
                OUTPUT_FILE "${OUTPUT}.new" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE "${OUTPUT}.new")
  message(FATAL_ERROR "stalebase ${ARGS} failed (${result})")
endif()
file(RENAME "${OUTPUT}.new" "${OUTPUT}")
if(GZIP)
  execute_process(COMMAND "${GZIP}" -9 -n -c "${OUTPUT}"
                  OUTPUT_FILE "${OUTPUT}.gz" RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip ${OUTPUT} failed (${result})")
  endif()
endif()
