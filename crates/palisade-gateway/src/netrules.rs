//! Network rules: the client address, and IP allow/deny lists.
//!
//! `X-Forwarded-For` is believed only when the TCP peer is a configured trusted proxy, and
//! then only up to the first untrusted hop from the right: a client can prepend anything
//! to the header, so the rightmost address not belonging to our own proxies is the client.

use std::net::IpAddr;

use http::HeaderMap;
use ipnet::IpNet;

use crate::config::NetworkRules;

/// The client's address as far as the trusted proxy chain lets us know it.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    if trusted.is_empty() || !contains(trusted, peer) {
        return peer;
    }
    let mut client = peer;
    // Walk hops right to left across every XFF header line.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for hop in hops.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !contains(trusted, ip) {
                    break;
                }
            }
            // Garbage in the chain: stop at the last address we could trust.
            Err(_) => break,
        }
    }
    client
}

fn contains(nets: &[IpNet], ip: IpAddr) -> bool {
    let ip = canonical(ip);
    nets.iter().any(|n| n.contains(&ip))
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are checked as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Whether `ip` may pass: deny wins; a non-empty allow list admits only its networks.
pub fn allowed(rules: &NetworkRules, ip: IpAddr) -> bool {
    if contains(&rules.deny, ip) {
        return false;
    }
    rules.allow.is_empty() || contains(&rules.allow, ip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_net;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| parse_net(s).unwrap()).collect()
    }

    #[test]
    fn xff_is_ignored_from_untrusted_peers() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "1.2.3.4".parse().unwrap());
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(client_ip(peer, &h, &nets(&["10.0.0.0/8"])), peer);
    }

    #[test]
    fn xff_rightmost_untrusted_hop_is_the_client() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "6.6.6.6, 198.51.100.7, 10.1.1.1".parse().unwrap(),
        );
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let ip = client_ip(peer, &h, &nets(&["10.0.0.0/8"]));
        assert_eq!(ip, "198.51.100.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn allow_and_deny_v4_and_v6() {
        let r = NetworkRules {
            allow: nets(&["10.0.0.0/8", "2001:db8::/32"]),
            deny: nets(&["10.9.0.0/16"]),
        };
        assert!(allowed(&r, "10.1.2.3".parse().unwrap()));
        assert!(!allowed(&r, "10.9.2.3".parse().unwrap()));
        assert!(!allowed(&r, "192.168.1.1".parse().unwrap()));
        assert!(allowed(&r, "2001:db8::1".parse().unwrap()));
        assert!(!allowed(&r, "2001:db9::1".parse().unwrap()));
        assert!(allowed(&r, "::ffff:10.1.2.3".parse().unwrap()));
    }
}
