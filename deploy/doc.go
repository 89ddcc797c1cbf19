// Package deploy checks the project's Dockerfile, Compose file and
// Kubernetes manifests with the real parsers (buildkit, compose-go, the
// Kubernetes API types), and runs the binary built exactly as the
// Dockerfile builds it. It is a module of its own so these heavy
// dependencies stay out of the bot's module; run it with
//
//	cd deploy && go test ./...
package deploy
