# Keychain part of the Sendwell test servers (sourced by start.sh): a private
# D-Bus session bus and gnome-keyring's Secret Service on it, with the login
# keyring created, unlocked and set as the default collection, using a
# private HOME and XDG_RUNTIME_DIR under the run directory.
# shellcheck shell=bash disable=SC2034  # globals are shared across the sourced files

readonly KEYRING_PASSWORD=sw-keyring-unlock-3c8e
readonly SECRETS_PATH=/org/freedesktop/secrets

write_bus_conf() {
    local dir=$1
    cat >"$dir/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- Private session bus for the Sendwell tests. No service activation, so a
     missing keyring daemon is an error rather than a new, locked keyring. -->
<busconfig>
  <type>session</type>
  <listen>unix:path=$dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
}

# bus_call DEST PATH METHOD ARGS...: a D-Bus method call on our bus.
bus_call() {
    local dest=$1 path=$2 method=$3
    shift 3
    dbus-send --bus="$BUS_ADDRESS" --print-reply --reply-timeout=2000 \
        --dest="$dest" "$path" "$method" "$@"
}

bus_answers() {
    bus_call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId
}

# default_collection: the object path the "default" alias points to.
default_collection() {
    bus_call org.freedesktop.secrets "$SECRETS_PATH" \
        org.freedesktop.Secret.Service.ReadAlias string:default |
        awk '/object path/ { gsub(/"/, "", $3); print $3 }'
}

# keyring_ready: the Secret Service is on the bus and its default
# collection exists and is unlocked.
keyring_ready() {
    local coll locked
    coll=$(default_collection) || return 1
    [[ -n $coll && $coll != / ]] || return 1
    locked=$(bus_call org.freedesktop.secrets "$coll" \
        org.freedesktop.DBus.Properties.Get \
        string:org.freedesktop.Secret.Collection string:Locked) || return 1
    [[ $locked == *"boolean false"* ]]
}

start_dbus() {
    local run=$1 dir=$1/keyring
    run_daemon "$run" dbus-daemon "$run/logs/dbus.log" \
        dbus-daemon --nofork --nopidfile --config-file="$dir/session.conf"
    wait_ready dbus-daemon "$LAST_PID" 10 bus_answers ||
        { FAILED_LOGS="$run/logs/dbus.log"; return 1; }
}

start_gnome_keyring() {
    local run=$1 dir=$1/keyring
    printf '%s' "$KEYRING_PASSWORD" >"$dir/unlock-password"
    # --unlock reads the password on stdin and creates the login keyring
    # with it (it is the default collection from then on).
    DAEMON_STDIN=$dir/unlock-password run_daemon "$run" gnome-keyring \
        "$run/logs/gnome-keyring.log" \
        env -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
        HOME="$dir/home" XDG_RUNTIME_DIR="$dir/runtime" \
        XDG_DATA_HOME="$dir/home/.local/share" XDG_CONFIG_HOME="$dir/home/.config" \
        DBUS_SESSION_BUS_ADDRESS="$BUS_ADDRESS" \
        gnome-keyring-daemon --foreground --unlock --components=secrets
    wait_ready gnome-keyring "$LAST_PID" 10 keyring_ready ||
        { FAILED_LOGS="$run/logs/gnome-keyring.log"; return 1; }
}

# start_keyring RUN
start_keyring() {
    local run=$1 dir=$1/keyring
    mkdir -p "$dir/home" "$dir/runtime"
    chmod 700 "$dir" "$dir/home" "$dir/runtime"
    BUS_ADDRESS="unix:path=$dir/bus"
    write_bus_conf "$dir"
    start_dbus "$run"
    start_gnome_keyring "$run"
}
