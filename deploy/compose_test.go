package deploy

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadCompose loads a Compose file of this directory with compose-go, the
// library behind `docker compose`, with validation on and env as the
// environment `docker compose` would see.
func loadCompose(t *testing.T, file string, env types.Mapping) (*types.Project, string) {
	t.Helper()
	path, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	project, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  filepath.Dir(path),
		ConfigFiles: []types.ConfigFile{{Filename: path}},
		Environment: env,
	})
	if err != nil {
		t.Fatalf("compose-go cannot load %s: %v", file, err)
	}
	return project, path
}

// TestComposeFile loads deploy/compose.yaml with compose-go, the library
// behind `docker compose`, with validation on.
func TestComposeFile(t *testing.T) {
	project, path := loadCompose(t, "compose.yaml", types.Mapping{})
	bot, err := project.GetService("bot")
	if err != nil {
		t.Fatal(err)
	}

	if bot.Build == nil || filepath.Clean(bot.Build.Context) != filepath.Clean(filepath.Join(filepath.Dir(path), "..")) {
		t.Errorf("build context %v; want the repository root", bot.Build)
	}
	var data *types.ServiceVolumeConfig
	for i, v := range bot.Volumes {
		if v.Target == "/data" {
			data = &bot.Volumes[i]
		}
	}
	if data == nil || data.Type != types.VolumeTypeVolume || project.Volumes[data.Source].Name == "" {
		t.Errorf("/data mount %+v; want a named volume", data)
	}

	secrets := map[string]bool{}
	for _, s := range bot.Secrets {
		secrets[s.Source] = true
		if project.Secrets[s.Source].File == "" {
			t.Errorf("secret %s is not read from a file", s.Source)
		}
	}
	for env, secret := range map[string]string{"DISCORD_TOKEN_FILE": "discord_token", "SLACK_BOT_TOKEN_FILE": "slack_bot_token", "SLACK_APP_TOKEN_FILE": "slack_app_token"} {
		if v := bot.Environment[env]; v == nil || *v != "/run/secrets/"+secret || !secrets[secret] {
			t.Errorf("%s = %v with secret %s mounted %v; want /run/secrets/%s", env, v, secret, secrets[secret], secret)
		}
	}
	for _, name := range []string{"DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"} {
		if _, ok := bot.Environment[name]; ok {
			t.Errorf("%s is set in the environment; secrets come from files", name)
		}
	}

	if hc := bot.HealthCheck; hc == nil || strings.Join(hc.Test, " ") != "CMD /usr/local/bin/dockerqotd healthcheck" {
		t.Errorf("healthcheck %+v; want CMD dockerqotd healthcheck", bot.HealthCheck)
	}
	if bot.Restart != types.RestartPolicyUnlessStopped {
		t.Errorf("restart %q; want unless-stopped", bot.Restart)
	}
	if !bot.ReadOnly || !slices.Contains([]string(bot.Tmpfs), "/tmp") {
		t.Errorf("read_only %v, tmpfs %v; want a read-only root with a tmpfs /tmp", bot.ReadOnly, bot.Tmpfs)
	}
	if !slices.Equal(bot.CapDrop, []string{"ALL"}) || !slices.Contains(bot.SecurityOpt, "no-new-privileges:true") {
		t.Errorf("cap_drop %v, security_opt %v; want ALL dropped and no-new-privileges", bot.CapDrop, bot.SecurityOpt)
	}
	if bot.StopGracePeriod == nil || time.Duration(*bot.StopGracePeriod) > 10*time.Second {
		t.Errorf("stop_grace_period %v; want at most Docker's 10 s", bot.StopGracePeriod)
	}
	if d := bot.Deploy; d == nil || d.Resources.Limits == nil || d.Resources.Limits.MemoryBytes == 0 || d.Resources.Limits.NanoCPUs == 0 {
		t.Errorf("resources %+v; want CPU and memory limits", bot.Deploy)
	}
	if l := bot.Logging; l == nil || l.Options["max-size"] == "" || l.Options["max-file"] == "" {
		t.Errorf("logging %+v; want rotated logs", bot.Logging)
	}
	for _, p := range bot.Ports {
		if p.HostIP != "127.0.0.1" {
			t.Errorf("port %+v is published beyond the host; the ops port is for this host only", p)
		}
	}
}
