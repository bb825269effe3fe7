# Multi-stage build: compile with Maven, run on a JRE as a non-root user.
# (No Docker engine on the development machines: this file is written, not built, there.)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests && cp target/tongfa-*.jar /build/tongfa.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system tongfa && useradd --system --gid tongfa --home-dir /app tongfa
WORKDIR /app
# The working directory holds what Spring Boot and Camel read at start: ./config and ./routes.
COPY --from=build /build/tongfa.jar ./tongfa.jar
COPY routes ./routes
COPY config ./config
# The data directory holds the database and generated secrets: readable by the service's user only.
RUN install -d -m 0700 -o tongfa -g tongfa /app/data
USER tongfa
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD wget -qO- http://127.0.0.1:8080/actuator/health >/dev/null 2>&1 || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/tongfa.jar"]
