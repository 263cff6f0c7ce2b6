# Sourced by the benchmarks: a JDK 21 or newer on PATH (the machine's default java may be older).
if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -x "$candidate/bin/java" ] && export JAVA_HOME="$candidate" && break
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
