package slack

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/goccy/go-yaml"
)

// manifest is the part of a Slack app manifest the adapter depends on.
type manifest struct {
	DisplayInformation struct {
		Name string `yaml:"name"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled             bool `yaml:"home_tab_enabled"`
			MessagesTabEnabled         bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnlyEnabled bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName string `yaml:"display_name"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot  []string `yaml:"bot"`
			User []string `yaml:"user"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

func TestManifest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "slack", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	scopes := slices.Sorted(slices.Values(m.OAuthConfig.Scopes.Bot))
	if !slices.Equal(scopes, requiredScopes) {
		t.Errorf("bot scopes = %v; want exactly %v, the scopes the adapter uses", scopes, requiredScopes)
	}
	if len(m.OAuthConfig.Scopes.User) > 0 {
		t.Errorf("user scopes = %v; want none", m.OAuthConfig.Scopes.User)
	}
	if len(m.Features.SlashCommands) != 1 {
		t.Fatalf("slash commands = %+v; want /docker only", m.Features.SlashCommands)
	}
	cmd := m.Features.SlashCommands[0]
	if cmd.Command != "/docker" || !cmd.ShouldEscape || cmd.UsageHint == "" || cmd.Description == "" {
		t.Errorf("slash command = %+v; want /docker with a description, a usage hint and should_escape", cmd)
	}
	if !slices.Equal(m.Settings.EventSubscriptions.BotEvents, []string{"app_home_opened"}) {
		t.Errorf("bot events = %v; want [app_home_opened]", m.Settings.EventSubscriptions.BotEvents)
	}
	if !m.Settings.Interactivity.IsEnabled || !m.Settings.SocketModeEnabled || !m.Features.AppHome.HomeTabEnabled {
		t.Errorf("interactivity %t, socket mode %t, home tab %t; want all on",
			m.Settings.Interactivity.IsEnabled, m.Settings.SocketModeEnabled, m.Features.AppHome.HomeTabEnabled)
	}
	// Slack refuses the bot's direct messages (messages_tab_disabled)
	// while the Messages tab is off; the bot reads none, so members
	// cannot write there.
	if home := m.Features.AppHome; !home.MessagesTabEnabled || !home.MessagesTabReadOnlyEnabled {
		t.Errorf("messages tab enabled %t, read-only %t; want both, for the review reminders", home.MessagesTabEnabled, home.MessagesTabReadOnlyEnabled)
	}
	if m.DisplayInformation.Name == "" || m.Features.BotUser.DisplayName == "" {
		t.Error("manifest has no app name or bot display name")
	}
}
