# One image for every dealwire stage: dealwire fetch | extract | sink | run.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/dealwire ./cmd/dealwire

FROM alpine:3.20
RUN apk add --no-cache ca-certificates && adduser -D -u 10001 dealwire && mkdir /data && chown dealwire /data
COPY --from=build /out/dealwire /usr/local/bin/dealwire
COPY fixtures /fixtures
USER dealwire
WORKDIR /data
ENTRYPOINT ["dealwire"]
CMD ["--help"]
