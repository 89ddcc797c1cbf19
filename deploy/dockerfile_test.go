package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// repo is the bot's module, the parent of this one.
const repo = ".."

// parseDockerfile parses the Dockerfile into stages with buildkit's own
// parser and linter, failing on any lint warning.
func parseDockerfile(t *testing.T) []instructions.Stage {
	t.Helper()
	f, err := os.Open(filepath.Join(repo, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("parse Dockerfile: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("Dockerfile parser warning: %s", w.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, msg string, loc []parser.Range) {
		t.Errorf("Dockerfile lint %s at line %d: %s", rule, loc[0].Start.Line, msg)
	}})
	stages, _, err := instructions.Parse(res.AST, lint)
	if err != nil {
		t.Fatalf("instructions: %v", err)
	}
	return stages
}

func commands[T any](stage instructions.Stage) []T {
	var out []T
	for _, c := range stage.Commands {
		if v, ok := c.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(t)
	if len(stages) < 2 {
		t.Fatalf("%d stages; want a multi-stage build", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]

	var goBuild string
	for _, run := range commands[*instructions.RunCommand](build) {
		if line := strings.Join(run.CmdLine, " "); strings.Contains(line, "go build") {
			goBuild = line
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-ldflags "-s -w -X main.version=${VERSION}"`, "./cmd/dockerqotd"} {
		if !strings.Contains(goBuild, want) {
			t.Errorf("the build's go build line lacks %q: %s", want, goBuild)
		}
	}

	if !strings.HasPrefix(final.BaseName, "gcr.io/distroless/static") || !strings.HasSuffix(final.BaseName, ":nonroot") {
		t.Errorf("final base %q; want distroless static, nonroot", final.BaseName)
	}
	users := commands[*instructions.UserCommand](final)
	if len(users) == 0 || slices.Contains([]string{"root", "0", "0:0"}, users[len(users)-1].User) {
		t.Errorf("final stage USER %v; want a non-root user", users)
	}
	var volumes, ports []string
	for _, v := range commands[*instructions.VolumeCommand](final) {
		volumes = append(volumes, v.Volumes...)
	}
	for _, e := range commands[*instructions.ExposeCommand](final) {
		ports = append(ports, e.Ports...)
	}
	if !slices.Contains(volumes, "/data") {
		t.Errorf("VOLUME %v; want /data", volumes)
	}
	env := map[string]string{}
	for _, e := range commands[*instructions.EnvCommand](final) {
		for _, kv := range e.Env {
			env[kv.Key] = kv.Value
		}
	}
	if !slices.Contains(ports, "8080") || env["DOCKERQOTD_HTTP_ADDR"] != "0.0.0.0:8080" {
		t.Errorf("EXPOSE %v with DOCKERQOTD_HTTP_ADDR=%q; want the ops port 8080 exposed and listened on", ports, env["DOCKERQOTD_HTTP_ADDR"])
	}
	if !strings.HasPrefix(env["DOCKERQOTD_DB"], "/data/") {
		t.Errorf("DOCKERQOTD_DB=%q; want the database in the /data volume", env["DOCKERQOTD_DB"])
	}
	hc := commands[*instructions.HealthCheckCommand](final)
	if len(hc) != 1 || strings.Join(hc[0].Health.Test, " ") != "CMD /usr/local/bin/dockerqotd healthcheck" {
		t.Errorf("HEALTHCHECK %v; want CMD dockerqotd healthcheck", hc)
	}
	labels := map[string]string{}
	for _, l := range commands[*instructions.LabelCommand](final) {
		for _, kv := range l.Labels {
			labels[kv.Key] = kv.Value
		}
	}
	for _, key := range []string{"title", "description", "source", "licenses", "version"} {
		if labels["org.opencontainers.image."+key] == "" {
			t.Errorf("OCI label org.opencontainers.image.%s missing", key)
		}
	}
	entry := commands[*instructions.EntrypointCommand](final)
	cmd := commands[*instructions.CmdCommand](final)
	if len(entry) != 1 || entry[0].PrependShell || strings.Join(entry[0].CmdLine, " ") != "/usr/local/bin/dockerqotd" {
		t.Errorf("ENTRYPOINT %v; want the binary in exec form", entry)
	}
	if len(cmd) != 1 || cmd[0].PrependShell || strings.Join(cmd[0].CmdLine, " ") != "serve" {
		t.Errorf("CMD %v; want [\"serve\"] in exec form", cmd)
	}
	var dataOwner string
	for _, c := range commands[*instructions.CopyCommand](final) {
		if c.DestPath == "/data" {
			dataOwner = c.Chown
		}
	}
	if user := users[len(users)-1].User; dataOwner == "" || !strings.HasPrefix(user, strings.Split(dataOwner, ":")[0]) {
		t.Errorf("/data is owned by %q but the image runs as %q; a new volume would not be writable", dataOwner, user)
	}
}

// TestDockerignoreKeepsContextSmall checks which files the build context
// holds, with the same pattern matcher buildkit uses.
func TestDockerignoreKeepsContextSmall(t *testing.T) {
	files, size := buildContext(t)
	for _, want := range []string{"go.mod", "go.sum", "cmd/dockerqotd/main.go", "internal/quiz/question.go", "questions/networking.yaml"} {
		if !files[want] {
			t.Errorf("the build context lacks %s", want)
		}
	}
	for f := range files {
		for _, bad := range []string{".git/", "deploy/", "_test.go", "testdata/", "README.md", "data/"} {
			if strings.Contains(f, bad) || strings.HasPrefix(f, bad) {
				t.Errorf("the build context holds %s", f)
			}
		}
	}
	t.Logf("build context: %d files, %d KiB", len(files), size/1024)
}
