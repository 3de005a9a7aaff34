# stancewatch in external mode (docker-compose.yml): build with the pinned Maven Wrapper, run on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -pl modules/app -am package

FROM eclipse-temurin:17-jre
WORKDIR /opt/stancewatch
COPY --from=build /src/modules/app/target/stancewatch.jar ./stancewatch.jar
COPY --from=build /src/modules/app/target/lib ./lib
COPY --from=build /src/seeds ./seeds
# The default stance source (noparse) needs no ClearNLP: 1 GB of heap is plenty (modules/nlp/README.md, "Default heap").
# With STANCEWATCH_STANCE=fused|classic ClearNLP needs ~4 GB to load: set JAVA_TOOL_OPTIONS="-Xmx5g ..." too.
ENV JAVA_TOOL_OPTIONS="-Xmx1g -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/opt/stancewatch/stancewatch.jar"]
CMD ["run"]
