//! The load generator: a small blocking keep-alive HTTP/1.1 client (one thread per connection,
//! not `wrk`) and the GET load of item 1.

use crate::{MEASURE, WARMUP};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A keep-alive HTTP/1.1 connection, just enough for this server's answers (Content-Length).
pub struct Conn {
    pub addr: String,
    pub reader: BufReader<TcpStream>,
}

pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into()
    }
}

impl Conn {
    pub fn open(addr: &str) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Conn {
            addr: addr.to_string(),
            reader: BufReader::with_capacity(64 * 1024, stream),
        }
    }

    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        match self.try_request(method, path, headers, body) {
            Ok(answer) => answer,
            // The server closed an idle connection: once more on a new one.
            Err(_) => {
                *self = Conn::open(&self.addr);
                self.try_request(method, path, headers, body)
                    .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
            }
        }
    }

    pub fn try_request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Answer> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (name, value) in headers {
            req.push_str(&format!("{name}: {value}\r\n"));
        }
        if method != "GET" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.reader.get_mut().write_all(&bytes)?;
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or(std::io::ErrorKind::InvalidData)?;
        let (mut length, mut location, mut close) = (0usize, None, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().unwrap_or(0),
                "location" => location = Some(value.to_string()),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                "transfer-encoding" => panic!("{path}: chunked answers are not supported here"),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        if close {
            *self = Conn::open(&self.addr);
        }
        Ok(Answer {
            status,
            location,
            body,
        })
    }
}

#[derive(Default)]
pub struct Load {
    pub rps: f64,
    pub p50: Duration,
    pub p99: Duration,
}

impl Load {
    pub fn best(self, other: Load) -> Load {
        if other.rps > self.rps {
            other
        } else {
            self
        }
    }
}

/// GETs `path` with `headers` over `conns` keep-alive connections for WARMUP + MEASURE; every
/// answer must be 200.
pub fn load(addr: &str, path: &str, headers: &'static [(&str, &str)], conns: usize) -> Load {
    let start = Instant::now();
    let (measure_from, end) = (start + WARMUP, start + WARMUP + MEASURE);
    let threads: Vec<_> = (0..conns)
        .map(|_| {
            let (addr, path) = (addr.to_string(), path.to_string());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&addr);
                let mut latencies = Vec::with_capacity(100_000);
                loop {
                    let sent = Instant::now();
                    if sent >= end {
                        return latencies;
                    }
                    let res = conn.request("GET", &path, headers, b"");
                    assert_eq!(res.status, 200, "{path}: {}", res.body_text());
                    if sent >= measure_from {
                        latencies.push(sent.elapsed());
                    }
                }
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    latencies.sort();
    Load {
        rps: latencies.len() as f64 / MEASURE.as_secs_f64(),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
    }
}

pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}
