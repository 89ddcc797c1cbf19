package deploy

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// testDiscordPublicKey stands for the application's public key, which the
// operator exports before `docker compose up`.
const testDiscordPublicKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// urlWithPassword finds a connection URL that carries a password.
var urlWithPassword = regexp.MustCompile(`[a-z][a-z0-9+.-]*://[^\s/@:]+:[^\s/@]+@`)

// deref shows an environment value: nil when unset.
func deref(v *string) string {
	if v == nil {
		return "<unset>"
	}
	return strconv.Quote(*v)
}

// resources shows a service's limits and reservations.
func resources(r types.Resources) string {
	show := func(res *types.Resource) string {
		if res == nil {
			return "none"
		}
		return fmt.Sprintf("cpus %v memory %d", res.NanoCPUs, res.MemoryBytes)
	}
	return "limits " + show(r.Limits) + ", reservations " + show(r.Reservations)
}

// secretPath is where a service's secret is mounted.
func secretPath(s types.ServiceSecretConfig) string {
	switch {
	case strings.HasPrefix(s.Target, "/"):
		return s.Target
	case s.Target != "":
		return "/run/secrets/" + s.Target
	}
	return "/run/secrets/" + s.Source
}

// fileSecret checks that env var name points at a secret the service mounts
// and the project reads from a file; it returns the secret's name.
func fileSecret(t *testing.T, project *types.Project, svc types.ServiceConfig, name string) string {
	t.Helper()
	v := svc.Environment[name]
	if v == nil {
		t.Errorf("%s: %s is not set", svc.Name, name)
		return ""
	}
	for _, s := range svc.Secrets {
		if secretPath(s) == *v {
			if project.Secrets[s.Source].File == "" {
				t.Errorf("%s: %s=%s is secret %s, which is not read from a file", svc.Name, name, *v, s.Source)
			}
			return s.Source
		}
	}
	t.Errorf("%s: %s=%s is no secret the service mounts", svc.Name, name, *v)
	return ""
}

// publishedPorts returns how many host ports a published port or range
// holds ("8081" one, "8081-8082" two).
func publishedPorts(t *testing.T, p types.ServicePortConfig) int {
	t.Helper()
	from, to, isRange := strings.Cut(p.Published, "-")
	if !isRange {
		to = from
	}
	lo, err1 := strconv.Atoi(from)
	hi, err2 := strconv.Atoi(to)
	if err1 != nil || err2 != nil || hi < lo {
		t.Errorf("published %q is not a port or a port range", p.Published)
		return 0
	}
	return hi - lo + 1
}

// TestComposePostgresFile loads deploy/compose.postgres.yaml, the replicas on
// PostgreSQL, with compose-go and checks it against compose.yaml: the same
// image and hardening for every replica, the database only from a secret.
func TestComposePostgresFile(t *testing.T) {
	// The defaults alone must load (Slack-only operators set no Discord key).
	loadCompose(t, "compose.postgres.yaml", types.Mapping{})
	project, path := loadCompose(t, "compose.postgres.yaml", types.Mapping{"DISCORD_PUBLIC_KEY": testDiscordPublicKey, "VERSION": "v1.2.3"})
	single, _ := loadCompose(t, "compose.yaml", types.Mapping{"VERSION": "v1.2.3"})
	ref, err := single.GetService("bot")
	if err != nil {
		t.Fatal(err)
	}
	if project.Name == single.Name {
		t.Errorf("project name %q is compose.yaml's: one would take over the other's containers", project.Name)
	}

	// PostgreSQL: a named volume, the password from a secret file, a health
	// check the bots wait for, and no port on the host.
	pg, err := project.GetService("postgres")
	if err != nil {
		t.Fatal(err)
	}
	major := regexp.MustCompile(`^postgres:(1[67])(\.\d+)*(-alpine[0-9.]*|-bookworm|-trixie)?$`).FindStringSubmatch(pg.Image)
	if major == nil {
		t.Fatalf("postgres image %q; want postgres:16 or postgres:17 (-alpine)", pg.Image)
	}
	var pgdata *types.ServiceVolumeConfig
	for i, v := range pg.Volumes {
		// 16 and 17 keep PGDATA here; 18 moved it to /var/lib/postgresql.
		if v.Target == "/var/lib/postgresql/data" {
			pgdata = &pg.Volumes[i]
		}
	}
	if pgdata == nil || pgdata.Type != types.VolumeTypeVolume || project.Volumes[pgdata.Source].Name == "" {
		t.Errorf("PGDATA mount %+v; want a named volume at /var/lib/postgresql/data", pgdata)
	}
	if _, ok := pg.Environment["POSTGRES_PASSWORD"]; ok {
		t.Error("POSTGRES_PASSWORD is set in the file; the password comes from POSTGRES_PASSWORD_FILE")
	}
	fileSecret(t, project, pg, "POSTGRES_PASSWORD_FILE")
	if hc := pg.HealthCheck; hc == nil || hc.Disable || len(hc.Test) < 2 || !slices.Contains(hc.Test, "pg_isready") {
		t.Errorf("postgres healthcheck %+v; want pg_isready", pg.HealthCheck)
	} else {
		for flag, env := range map[string]string{"-U": "POSTGRES_USER", "-d": "POSTGRES_DB"} {
			i := slices.Index(hc.Test, flag)
			if v := pg.Environment[env]; v == nil || i < 0 || i+1 >= len(hc.Test) || hc.Test[i+1] != *v {
				t.Errorf("pg_isready %v: %s is not %s=%s", hc.Test, flag, env, deref(v))
			}
		}
	}
	if len(pg.Ports) != 0 {
		t.Errorf("postgres publishes %+v; the database is for this project's containers only", pg.Ports)
	}

	// The bot: every service built from the repository, as replicas.
	var bots []types.ServiceConfig
	replicas := 0
	for _, svc := range project.Services {
		if svc.Build != nil && svc.Build.Context == ref.Build.Context {
			bots = append(bots, svc)
			replicas += svc.GetScale()
		}
	}
	if len(bots) == 0 || replicas < 2 {
		t.Fatalf("%d bot services with %d replicas in all; want at least 2 replicas", len(bots), replicas)
	}
	var final instructions.Stage
	if stages := parseDockerfile(t); len(stages) > 0 {
		final = stages[len(stages)-1]
	}
	imageDB := ""
	for _, e := range commands[*instructions.EnvCommand](final) {
		for _, kv := range e.Env {
			if kv.Key == "DOCKERQOTD_DB" {
				imageDB = kv.Value
			}
		}
	}

	for _, bot := range bots {
		if bot.Image != ref.Image || !reflect.DeepEqual(bot.Build.Args, ref.Build.Args) {
			t.Errorf("%s: image %q, build args %v; want compose.yaml's %q, %v", bot.Name, bot.Image, bot.Build.Args, ref.Image, ref.Build.Args)
		}
		if bot.ContainerName != "" {
			t.Errorf("%s: container_name %q; replicas need names of their own", bot.Name, bot.ContainerName)
		}
		if d, ok := bot.DependsOn["postgres"]; !ok || d.Condition != types.ServiceConditionHealthy {
			t.Errorf("%s: depends_on %+v; want postgres with condition service_healthy", bot.Name, bot.DependsOn)
		}

		// Hardened exactly as compose.yaml's bot.
		if !reflect.DeepEqual(bot.HealthCheck, ref.HealthCheck) {
			t.Errorf("%s: healthcheck %+v; want compose.yaml's %+v", bot.Name, bot.HealthCheck, ref.HealthCheck)
		}
		if bot.Restart != ref.Restart || bot.Restart != types.RestartPolicyUnlessStopped {
			t.Errorf("%s: restart %q; want unless-stopped", bot.Name, bot.Restart)
		}
		if !bot.ReadOnly || !slices.Contains([]string(bot.Tmpfs), "/tmp") {
			t.Errorf("%s: read_only %v, tmpfs %v; want a read-only root with a tmpfs /tmp", bot.Name, bot.ReadOnly, bot.Tmpfs)
		}
		if !slices.Equal(bot.CapDrop, ref.CapDrop) || len(bot.CapAdd) != 0 || !slices.Equal(bot.SecurityOpt, ref.SecurityOpt) {
			t.Errorf("%s: cap_drop %v, cap_add %v, security_opt %v; want compose.yaml's %v, none, %v", bot.Name, bot.CapDrop, bot.CapAdd, bot.SecurityOpt, ref.CapDrop, ref.SecurityOpt)
		}
		if bot.StopGracePeriod == nil || *bot.StopGracePeriod != *ref.StopGracePeriod {
			t.Errorf("%s: stop_grace_period %v; want compose.yaml's %v", bot.Name, bot.StopGracePeriod, *ref.StopGracePeriod)
		}
		if bot.Deploy == nil || !reflect.DeepEqual(bot.Deploy.Resources, ref.Deploy.Resources) {
			var got types.Resources
			if bot.Deploy != nil {
				got = bot.Deploy.Resources
			}
			t.Errorf("%s: resources %s; want compose.yaml's %s", bot.Name, resources(got), resources(ref.Deploy.Resources))
		}
		if !reflect.DeepEqual(bot.Logging, ref.Logging) {
			t.Errorf("%s: logging %+v; want compose.yaml's %+v", bot.Name, bot.Logging, ref.Logging)
		}
		if bot.Privileged || bot.User != "" || bot.NetworkMode == "host" {
			t.Errorf("%s: privileged %v, user %q, network_mode %q; want the image's user on the project network", bot.Name, bot.Privileged, bot.User, bot.NetworkMode)
		}

		// The database URL, password and all, only from a secret file; the
		// image's bbolt default is cleared, or the bot would refuse both.
		fileSecret(t, project, bot, "DOCKERQOTD_DB_FILE")
		if db, set := bot.Environment["DOCKERQOTD_DB"]; imageDB != "" && (!set || db == nil || *db != "") {
			t.Errorf("%s: DOCKERQOTD_DB %s; the image sets %q, so it must be cleared (\"\") next to DOCKERQOTD_DB_FILE", bot.Name, deref(db), imageDB)
		} else if set && db != nil && *db != "" {
			t.Errorf("%s: DOCKERQOTD_DB=%q in the file; the URL comes from the secret", bot.Name, *db)
		}
		// /data is read-only: with an empty URL the bot falls back to a bbolt
		// file there, and a private database per replica must fail instead.
		dataRO := false
		for _, v := range bot.Volumes {
			if v.Target == "/data" {
				dataRO = v.ReadOnly
			}
		}
		if !dataRO || slices.Contains([]string(bot.Tmpfs), "/data") {
			t.Errorf("%s: /data is writable (volumes %+v, tmpfs %v); want it read-only", bot.Name, bot.Volumes, bot.Tmpfs)
		}

		// Replica mode: callbacks over HTTP on the public listener, no
		// gateway, no Socket Mode.
		env := func(name string) string {
			if v := bot.Environment[name]; v != nil {
				return *v
			}
			return ""
		}
		if env("DISCORD_GATEWAY") != "off" {
			t.Errorf("%s: DISCORD_GATEWAY=%q; replicas run without the gateway (off)", bot.Name, env("DISCORD_GATEWAY"))
		}
		if env("DISCORD_PUBLIC_KEY") != testDiscordPublicKey {
			t.Errorf("%s: DISCORD_PUBLIC_KEY=%q; want the operator's key passed through", bot.Name, env("DISCORD_PUBLIC_KEY"))
		}
		for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_APP_TOKEN_FILE"} {
			if _, ok := bot.Environment[name]; ok {
				t.Errorf("%s: %s is set; replicas run Slack in HTTP mode", bot.Name, name)
			}
		}
		for _, name := range []string{"DISCORD_TOKEN_FILE", "SLACK_BOT_TOKEN_FILE", "SLACK_SIGNING_SECRET_FILE"} {
			fileSecret(t, project, bot, name)
		}
		for _, name := range []string{"DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} {
			if _, ok := bot.Environment[name]; ok {
				t.Errorf("%s: %s is set in the environment; secrets come from files", bot.Name, name)
			}
		}
		public := env("DOCKERQOTD_PUBLIC_ADDR")
		_, publicPort, _ := strings.Cut(public, ":")
		if !strings.HasPrefix(public, "0.0.0.0:") || publicPort != "8081" {
			t.Errorf("%s: DOCKERQOTD_PUBLIC_ADDR=%q; want 0.0.0.0:8081", bot.Name, public)
		}

		// The public port is published, one host port per replica (a range
		// as wide as the replicas), for a proxy on this host; nothing is
		// published beyond it.
		targets := map[uint32]bool{}
		for _, p := range bot.Ports {
			targets[p.Target] = true
			if p.HostIP != "127.0.0.1" {
				t.Errorf("%s: port %+v is published beyond the host; TLS terminates at a proxy on this host", bot.Name, p)
			}
			if n := publishedPorts(t, p); n < bot.GetScale() {
				t.Errorf("%s: port %d published on %q, %d host ports for %d replicas: they would clash", bot.Name, p.Target, p.Published, n, bot.GetScale())
			}
		}
		if !targets[8081] {
			t.Errorf("%s: ports %+v; want the public port 8081 published", bot.Name, bot.Ports)
		}
	}

	// No password anywhere in the loaded configuration, comments aside.
	out, err := project.MarshalYAML()
	if err != nil {
		t.Fatal(err)
	}
	if m := urlWithPassword.Find(out); m != nil {
		t.Errorf("the configuration holds a URL with a password: %s…", m)
	}

	// The header's commands create every secret file the project reads.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(raw), "\nname:")
	for name, s := range project.Secrets {
		if !strings.HasSuffix(s.File, "/secrets/"+name) || !strings.Contains(header, "> deploy/secrets/"+name) {
			t.Errorf("secret %s (file %s) is not written by the header's commands", name, s.File)
		}
	}
	if !strings.Contains(header, "docker compose -f deploy/compose.postgres.yaml up") {
		t.Error("the header does not say how to start the project")
	}
}
