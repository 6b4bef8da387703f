//! When to alert: once per episode of trouble past the threshold, and once when it ends.

use super::{Alert, AlertKind};
use crate::domain::fulfillment::KartraState;

/// The last error is cut to this many characters: a chat message, not a log.
const DETAIL_MAX_CHARS: usize = 300;

/// Pure state machine: remembers since when the queue is unhealthy and whether an alert went out.
#[derive(Debug, Clone)]
pub struct Monitor {
    threshold_secs: i64,
    episode: Option<Episode>,
}

#[derive(Debug, Clone, Copy)]
struct Episode {
    since: i64,
    alerted: bool,
}

impl Monitor {
    /// A negative threshold counts as zero: alert on the first unhealthy observation.
    pub fn new(threshold_secs: i64) -> Monitor {
        Monitor {
            threshold_secs: threshold_secs.max(0),
            episode: None,
        }
    }

    /// Returns at most one alert to send now, fed the Kartra connection's state on every pass.
    /// Trouble once it has been in trouble (failing or credentials invalid) for at least the
    /// threshold (once per episode; switching between the two does not re-alert). Recovered
    /// when the trouble ends after a Trouble alert went out (none if no Trouble went out).
    /// `detail` is the last error text to include in the Trouble message (may be empty).
    pub fn observe(&mut self, state: KartraState, detail: &str, now: i64) -> Option<Alert> {
        if !state.is_trouble() {
            let episode = self.episode.take()?;
            return episode.alerted.then(|| Alert {
                kind: AlertKind::Recovered,
                text: recovered_text(now - episode.since),
                since: episode.since,
            });
        }
        let episode = self.episode.get_or_insert(Episode {
            since: now,
            alerted: false,
        });
        if episode.alerted || now - episode.since < self.threshold_secs {
            return None;
        }
        episode.alerted = true;
        Some(Alert {
            kind: AlertKind::Trouble,
            text: trouble_text(state, now - episode.since, detail),
            since: episode.since,
        })
    }
}

fn trouble_text(state: KartraState, secs: i64, detail: &str) -> String {
    let duration = duration_text(secs);
    let (what, next) = match state {
        KartraState::CredentialsInvalid => (
            format!("have been paused for {duration} because Kartra rejected the API credentials"),
            "the queue resumes once the credentials work. Open /admin/settings/kartra to check them.",
        ),
        _ => (
            format!("have been failing for {duration}"),
            "the queue retries by itself. Open /admin to see details.",
        ),
    };
    let detail = clean_detail(detail);
    let last_error = if detail.is_empty() {
        String::new()
    } else {
        format!(" Last error: {detail}.")
    };
    format!(
        "tagcart: Kartra grants {what}.{last_error} Buyers who paid are waiting for access; {next}"
    )
}

fn recovered_text(secs: i64) -> String {
    format!(
        "tagcart: Kartra grants are flowing again after {}; the waiting buyers are being granted.",
        duration_text(secs)
    )
}

/// One line, bounded, without a trailing period (the sentence adds its own).
fn clean_detail(detail: &str) -> String {
    let one_line = detail.split_whitespace().collect::<Vec<_>>().join(" ");
    let one_line = one_line.trim_end_matches('.');
    if one_line.chars().count() <= DETAIL_MAX_CHARS {
        return one_line.to_string();
    }
    let cut: String = one_line.chars().take(DETAIL_MAX_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// "less than a minute", "1 minute", "17 minutes", "3 hours 5 minutes", "2 days 4 hours".
fn duration_text(secs: i64) -> String {
    let minutes = secs.max(0) / 60;
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match minutes {
        0 => "less than a minute".to_string(),
        1..=119 => plural(minutes, "minute"),
        120..=2879 => match minutes % 60 {
            0 => plural(minutes / 60, "hour"),
            rest => format!(
                "{} {}",
                plural(minutes / 60, "hour"),
                plural(rest, "minute")
            ),
        },
        _ => match minutes / 60 % 24 {
            0 => plural(minutes / 1440, "day"),
            rest => format!("{} {}", plural(minutes / 1440, "day"), plural(rest, "hour")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KartraState::{CredentialsInvalid, Failing};

    const T0: i64 = 1_700_000_000;
    const THRESHOLD: i64 = 15 * 60;

    #[test]
    fn below_the_threshold_nothing_is_sent() {
        let mut m = Monitor::new(THRESHOLD);
        assert_eq!(m.observe(Failing, "HTTP 503", T0), None);
        assert_eq!(m.observe(Failing, "HTTP 503", T0 + THRESHOLD - 1), None);
    }

    #[test]
    fn at_the_threshold_one_trouble_alert_names_the_duration_and_last_error() {
        let mut m = Monitor::new(THRESHOLD);
        m.observe(Failing, "", T0);
        let alert = m.observe(Failing, "HTTP 503", T0 + 17 * 60).expect("alert");
        assert_eq!((alert.kind, alert.since), (AlertKind::Trouble, T0));
        assert_eq!(
            alert.text,
            "tagcart: Kartra grants have been failing for 17 minutes. Last error: HTTP 503. \
             Buyers who paid are waiting for access; the queue retries by itself. Open /admin to see details."
        );
        let mut exact = Monitor::new(THRESHOLD);
        exact.observe(Failing, "", T0);
        assert!(exact.observe(Failing, "", T0 + THRESHOLD).is_some());
    }

    #[test]
    fn trouble_is_not_repeated_within_an_episode() {
        let mut m = Monitor::new(THRESHOLD);
        m.observe(Failing, "", T0);
        assert!(m.observe(Failing, "", T0 + THRESHOLD).is_some());
        assert_eq!(m.observe(Failing, "", T0 + THRESHOLD + 5), None);
        assert_eq!(m.observe(Failing, "", T0 + 10 * THRESHOLD), None);
    }

    #[test]
    fn switching_between_failing_and_paused_stays_one_episode() {
        let mut m = Monitor::new(THRESHOLD);
        m.observe(Failing, "HTTP 503", T0);
        assert_eq!(
            m.observe(CredentialsInvalid, "API key not valid", T0 + THRESHOLD - 60),
            None,
            "the episode began at the first failure, not at the pause"
        );
        let alert = m
            .observe(CredentialsInvalid, "API key not valid", T0 + THRESHOLD)
            .expect("alert");
        assert_eq!(alert.since, T0);
        assert!(
            alert
                .text
                .contains("paused for 15 minutes because Kartra rejected"),
            "{}",
            alert.text
        );
        assert_eq!(m.observe(Failing, "HTTP 503", T0 + THRESHOLD + 60), None);
        assert_eq!(
            m.observe(CredentialsInvalid, "", T0 + THRESHOLD + 120),
            None
        );
    }

    #[test]
    fn healthy_after_trouble_sends_one_recovered_alert() {
        let mut m = Monitor::new(THRESHOLD);
        m.observe(Failing, "", T0);
        m.observe(Failing, "", T0 + THRESHOLD);
        let alert = m
            .observe(KartraState::Ok, "", T0 + 23 * 60)
            .expect("recovered");
        assert_eq!((alert.kind, alert.since), (AlertKind::Recovered, T0));
        assert_eq!(
            alert.text,
            "tagcart: Kartra grants are flowing again after 23 minutes; the waiting buyers are being granted."
        );
        assert_eq!(m.observe(KartraState::Ok, "", T0 + 24 * 60), None);
    }

    #[test]
    fn healthy_without_a_trouble_alert_sends_nothing() {
        let mut m = Monitor::new(THRESHOLD);
        assert_eq!(m.observe(KartraState::Ok, "", T0), None);
        m.observe(Failing, "HTTP 503", T0 + 1);
        assert_eq!(m.observe(KartraState::Ok, "", T0 + THRESHOLD - 60), None);
    }

    #[test]
    fn an_unconfigured_connection_is_no_trouble_and_ends_one() {
        let mut m = Monitor::new(0);
        assert_eq!(m.observe(KartraState::NotConfigured, "", T0), None);
        assert!(m.observe(Failing, "", T0 + 1).is_some());
        let ended = m.observe(KartraState::NotConfigured, "", T0 + 2);
        assert_eq!(ended.map(|a| a.kind), Some(AlertKind::Recovered));
    }

    #[test]
    fn a_new_episode_after_recovery_alerts_again_from_its_own_start() {
        let mut m = Monitor::new(THRESHOLD);
        m.observe(Failing, "", T0);
        m.observe(Failing, "", T0 + THRESHOLD);
        m.observe(KartraState::Ok, "", T0 + THRESHOLD + 1);
        let second = T0 + 2 * THRESHOLD;
        assert_eq!(m.observe(CredentialsInvalid, "", second), None);
        assert_eq!(
            m.observe(CredentialsInvalid, "", second + THRESHOLD - 1),
            None
        );
        let alert = m
            .observe(CredentialsInvalid, "", second + THRESHOLD)
            .expect("second trouble");
        assert_eq!((alert.kind, alert.since), (AlertKind::Trouble, second));
    }

    #[test]
    fn a_blip_shorter_than_the_threshold_does_not_carry_into_the_next_episode() {
        let mut m = Monitor::new(THRESHOLD);
        m.observe(Failing, "", T0);
        m.observe(KartraState::Ok, "", T0 + 60);
        m.observe(Failing, "", T0 + 120);
        assert_eq!(m.observe(Failing, "", T0 + THRESHOLD + 60), None);
        assert!(m.observe(Failing, "", T0 + THRESHOLD + 120).is_some());
    }

    #[test]
    fn a_zero_threshold_alerts_on_the_first_failure() {
        let mut m = Monitor::new(0);
        assert_eq!(
            m.observe(Failing, "", T0).map(|a| a.kind),
            Some(AlertKind::Trouble)
        );
    }

    #[test]
    fn the_last_error_is_one_bounded_line_and_left_out_when_empty() {
        let mut m = Monitor::new(0);
        let long = format!("HTTP 500\n  {}.", "x".repeat(1000));
        let text = m.observe(Failing, &long, T0).expect("alert").text;
        assert!(!text.contains('\n') && text.contains("Last error: HTTP 500 xxx"));
        assert!(
            text.chars().count() < DETAIL_MAX_CHARS + 250,
            "{}",
            text.len()
        );
        let mut quiet = Monitor::new(0);
        let text = quiet.observe(Failing, "  ", T0).expect("alert").text;
        assert!(!text.contains("Last error"), "{text}");
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_text(-5), "less than a minute");
        assert_eq!(duration_text(59), "less than a minute");
        assert_eq!(duration_text(60), "1 minute");
        assert_eq!(duration_text(119 * 60), "119 minutes");
        assert_eq!(duration_text(120 * 60), "2 hours");
        assert_eq!(duration_text(185 * 60), "3 hours 5 minutes");
        assert_eq!(duration_text(48 * 3600), "2 days");
        assert_eq!(duration_text(49 * 3600 + 59), "2 days 1 hour");
    }
}
