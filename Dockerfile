# syntax=docker/dockerfile:1
# ml-pipeline: build the service jar, then run it on a JRE as a non-root user.
#   docker build -t ml-pipeline .
#   docker run -p 5002:5002 -v ml-uploads:/data/uploads ml-pipeline
# Both base images can be swapped (a mirror, a hardened image, or the ones container/build.sh makes
# with debootstrap where no registry can be reached): --build-arg BUILD_IMAGE=... RUNTIME_IMAGE=...
# The build image needs a JDK 17 and Maven (and Node.js with npm, or apt to install them); the runtime
# image a Java 17 runtime and apt (Debian or Ubuntu), which installs the few system libraries the
# video natives need.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
# the web dashboard is bundled from npm packages while pipeline-http builds
RUN command -v npm > /dev/null || (apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*)
WORKDIR /src
# the POMs first, so that a change to the sources does not fetch the dependencies again
COPY pom.xml ./
COPY pipeline-core/pom.xml pipeline-core/
COPY pipeline-mongo/pom.xml pipeline-mongo/
COPY pipeline-sagemaker/pom.xml pipeline-sagemaker/
COPY pipeline-s3/pom.xml pipeline-s3/
COPY pipeline-video/pom.xml pipeline-video/
COPY pipeline-http/pom.xml pipeline-http/
COPY pipeline-app/pom.xml pipeline-app/
COPY pipeline-examples/pom.xml pipeline-examples/
ARG MAVEN_OPTS_EXTRA=""
# behind a TLS-inspecting proxy, the proxy's certificates for npm (a file the build can read)
ARG NODE_EXTRA_CA_CERTS
RUN mvn -B -q ${MAVEN_OPTS_EXTRA} dependency:go-offline -DexcludeGroupIds=dev.mlpipeline || true
COPY . .
# the tests run in CI (README); here only what the image ships is built
RUN mvn -B -q ${MAVEN_OPTS_EXTRA} -DskipTests package -pl pipeline-app -am \
    && cp pipeline-app/target/pipeline-app.jar /ml-pipeline.jar

FROM ${RUNTIME_IMAGE}
# the system libraries that the FFmpeg and OpenCV natives inside the jar link to and do not bundle:
# OpenCV's highgui wants GTK 2 (and loads with every OpenCV module), FFmpeg's VA-API and PulseAudio
# support want libva and libpulse, OpenBLAS wants libquadmath
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libgtk2.0-0 libva2 libva-drm2 libdrm2 libpulse0 libquadmath0 libxcb1 libxcb-shm0 \
    && rm -rf /var/lib/apt/lists/*
# a user of its own, no login, no home to write in but the data folders
RUN (groupadd --system --gid 10001 mlpipeline || addgroup -S -g 10001 mlpipeline) \
    && (useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin mlpipeline \
        || adduser -S -D -H -u 10001 -G mlpipeline mlpipeline) \
    && mkdir -p /app /data/uploads /data/db \
    && chown -R 10001:10001 /data
COPY --from=build /ml-pipeline.jar /app/ml-pipeline.jar
USER 10001:10001
WORKDIR /data
ENV PORT=5002 \
    UPLOAD_DIR=/data/uploads \
    DATA_DIR=/data/db
VOLUME ["/data/uploads", "/data/db"]
EXPOSE 5002
# the service's own probe: no curl needed in the image; a short-lived JVM every 30 s
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx32m", "-jar", "/app/ml-pipeline.jar", "health"]
# exec form: the JVM is PID 1 and gets SIGTERM itself (a graceful stop, within 30 s)
# a JVM out of memory ends, and the container's restart policy starts a fresh one
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/ml-pipeline.jar"]
CMD ["serve"]
