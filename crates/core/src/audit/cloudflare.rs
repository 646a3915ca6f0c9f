//! Cloudflare's published proxy address ranges (`data/cloudflare-ips.json`, from
//! https://www.cloudflare.com/ips/): a name answering with these addresses is proxied through
//! Cloudflare (the "orange cloud"), which hides the CNAME a provider asked for.

use std::net::IpAddr;
use std::sync::LazyLock;

use serde::Deserialize;

const CLOUDFLARE_JSON: &str = include_str!("../../data/cloudflare-ips.json");

#[derive(Deserialize)]
struct RangesFile {
    ipv4: Vec<String>,
    ipv6: Vec<String>,
}

/// One address range, `address/prefix-length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn parse(text: &str) -> Option<Cidr> {
        let (addr, len) = text.split_once('/')?;
        let network: IpAddr = addr.parse().ok()?;
        let prefix: u8 = len.parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Cidr { network, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

static RANGES: LazyLock<Vec<Cidr>> = LazyLock::new(|| {
    let file: RangesFile =
        serde_json::from_str(CLOUDFLARE_JSON).expect("data/cloudflare-ips.json is valid");
    file.ipv4
        .iter()
        .chain(&file.ipv6)
        .map(|r| Cidr::parse(r).unwrap_or_else(|| panic!("bad range {r} in cloudflare-ips.json")))
        .collect()
});

/// True when `ip` is in one of Cloudflare's published proxy ranges.
pub fn is_cloudflare_proxy(ip: IpAddr) -> bool {
    RANGES.iter().any(|r| r.contains(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_ranges_match() {
        assert!(RANGES.len() >= 20, "the data file loads");
        for (ip, expected) in [
            ("104.16.132.229", true),
            ("172.67.1.1", true),
            ("131.0.75.255", true),
            ("131.0.76.0", false),
            ("192.0.2.1", false),
            ("2606:4700::6810:84e5", true),
            ("2001:db8::1", false),
        ] {
            let ip: IpAddr = ip.parse().expect("ip");
            assert_eq!(is_cloudflare_proxy(ip), expected, "{ip}");
        }
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
        assert_eq!(Cidr::parse("nonsense"), None);
    }
}
