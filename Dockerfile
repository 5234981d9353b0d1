# miglint in a container: `mvn -B -q package -DskipTests`, then
#   docker build -t miglint .
#   docker run --rm -v "$PWD:/work" miglint check db/migrations
# BASE is any Java 17+ runtime image; where no registry can be reached, docker/build-jre-image.sh builds one from
# Debian's packages (`--build-arg BASE=miglint/debian-jre:17`). The process runs as an unprivileged user; the embedded
# PostgreSQL of `verify` unpacks into its private home.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
COPY target/miglint.jar /opt/miglint/miglint.jar
ENV HOME=/home/miglint
RUN mkdir -p /home/miglint && chown 65534:65534 /home/miglint && chmod 0700 /home/miglint
USER 65534:65534
WORKDIR /work
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", "/opt/miglint/miglint.jar"]
CMD ["--help"]
