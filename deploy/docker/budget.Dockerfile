# syntax=docker/dockerfile:1
# The budget service's image: built from the repository root with
#   docker build -f deploy/docker/budget.Dockerfile -t jixiao/budget .
# Stage one builds with CMake exactly as deploy/build.sh does (tests off) and
# installs into /opt/jixiao; stage two holds the runtime libraries from
# Debian, the binary, no compiler, no package manager and no shell, and runs
# as an unprivileged user. tests/check_dockerfiles.sh checks, without a Docker
# engine, that the packages exist in bookworm, that they cover every library
# the binary needs, and that the files copied are the ones `cmake --install`
# makes.
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev libabsl-dev libsqlite3-dev libhiredis-dev libssl-dev libcpp-httplib-dev libre2-dev libpq-dev prometheus-cpp-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIXIAO_BUILD_TESTS=OFF \
    && cmake --build /build --target jixiao-budget \
    && cmake --install /build --prefix /opt/jixiao

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libgrpc++1.51 \
      libgrpc29 \
      libprotobuf32 \
      libabsl20220623 \
      libre2-9 \
      libc-ares2 \
      libssl3 \
      libstdc++6 \
      libpq5 \
      libsqlite3-0 \
      libhiredis0.14 \
      libcpp-httplib0.11 \
      libbrotli1 \
      libprometheus-cpp-core1.0 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 jixiao \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin jixiao \
    && dpkg --purge --force-remove-essential --force-depends apt \
    && rm -f /usr/bin/dpkg* /usr/bin/perl* /usr/bin/bash /usr/bin/dash /usr/bin/sh /bin/sh /bin/bash /bin/dash
COPY --from=build /opt/jixiao/bin/jixiao-budget /usr/bin/jixiao-budget
COPY --from=build /opt/jixiao/lib/libjixiao_proto.so /usr/lib/libjixiao_proto.so
USER 10001:10001
EXPOSE 50051
ENTRYPOINT ["/usr/bin/jixiao-budget"]
