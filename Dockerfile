# Multi-stage build: compile with Maven, run on a JRE as a non-root user.
# (No Docker engine on the development machines: this file is written, not built, there.)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests && cp target/tongfa-*.jar /build/tongfa.jar
# Unpacked into tongfa.jar (the application's classes) and lib/: class data sharing reads plain jars only.
RUN java -Djarmode=tools -jar /build/tongfa.jar extract --destination /build/app

FROM eclipse-temurin:17-jre
RUN groupadd --system tongfa && useradd --system --gid tongfa --home-dir /app tongfa
WORKDIR /app
# The working directory holds what Spring Boot and Camel read at start: ./config and ./routes.
COPY routes ./routes
COPY config ./config
COPY --from=build /build/app/ ./
# The service's JVM options, the same as `mvn spring-boot:run`'s (pom.xml; docs/benchmarks.md#start-up):
# the C1 compiler only and the serial collector halve the CPU a start needs; two malloc arenas.
ENV MALLOC_ARENA_MAX=2
# One training start while the image is built (to the end of the context refresh, on a scratch
# database) records the classes a start loads into a class data sharing archive, which every start
# then maps instead of loading and verifying them again. Made here, with this image's JVM and jars,
# so it always matches them; a JVM that cannot use it starts without it.
RUN java -XX:ArchiveClassesAtExit=/app/tongfa.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Dspring.context.exit=onRefresh -jar /app/tongfa.jar --server.port=0 \
        --tongfa.data-directory=/tmp/training --tongfa.channels.archive.directory=/tmp/training/archive \
        "--spring.datasource.url=jdbc:h2:file:/tmp/training/db" \
    && rm -rf /tmp/training
# The data directory holds the database and generated secrets: readable by the service's user only.
RUN install -d -m 0700 -o tongfa -g tongfa /app/data
USER tongfa
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD wget -qO- http://127.0.0.1:8080/actuator/health >/dev/null 2>&1 || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/tongfa.jsa", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/tongfa.jar"]
