# The app as a container image (ADR-0017): built with the .NET SDK, run on the ASP.NET runtime image.
#   docker build -t oro-opportunities .
#   docker compose --profile cluster up -d --build      (PostgreSQL, two nodes, nginx: see README "Deployment")
# global.json is not copied: it pins the SDK of the development machines; the SDK image brings its own 10.0.
# .editorconfig is: it switches off analyzer rules that TreatWarningsAsErrors would otherwise make errors.
# CI runs this stage without docker (scripts/check-dockerfile-build.sh), so a file missing here fails CI.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props Oro.Opportunities.sln ./
COPY src/ src/
RUN dotnet publish src/Oro.Opportunities.Web/Oro.Opportunities.Web.csproj -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The data folder holds nothing a node needs to share (on PostgreSQL: logs only, if Logging:File:Path points there).
RUN mkdir -p /data && chown app:app /data
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Database__DataDirectory=/data \
    DOTNET_gcServer=0
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Oro.Opportunities.Web.dll"]
