# syntax=docker/dockerfile:1

# dockerqotd: one static binary on a distroless base, running as non-root.
#   docker build --build-arg VERSION=$(git describe --tags --always) -t dockerqotd .

ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/dockerqotd ./cmd/dockerqotd \
 && mkdir -p /out/data

# distroless/static: CA certificates, /etc/passwd with nonroot (65532), no
# shell. Timezones are embedded in the binary (time/tzdata).
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="dockerqotd" \
      org.opencontainers.image.description="A Docker interview question of the day for Discord, Slack and the terminal" \
      org.opencontainers.image.source="https://github.com/dockerqotd/dockerqotd" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/dockerqotd /usr/local/bin/dockerqotd
# A new named volume takes /data's owner, so the non-root user can write it.
COPY --from=build --chown=65532:65532 /out/data /data
ENV DOCKERQOTD_DB=/data/dockerqotd.db \
    DOCKERQOTD_HTTP_ADDR=0.0.0.0:8080 \
    DOCKERQOTD_PUBLIC_ADDR=0.0.0.0:8081
USER 65532:65532
VOLUME /data
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/dockerqotd", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/dockerqotd"]
CMD ["serve"]
