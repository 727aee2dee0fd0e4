//! TLS to PostgreSQL the libpq way, through rustls: `sslmode` and `sslrootcert` read from the
//! URL, and certificates loaded only by the modes that verify them.
//!
//! - `disable` (and `allow`): no TLS.
//! - `prefer` (the default) and `require`: encrypted, the certificate not checked, so no root
//!   store is read at all. As in libpq, `require` verifies like `verify-ca` when a root
//!   certificate file is named or exists at the default place.
//! - `verify-ca`: the chain must lead to a root of `sslrootcert` (default
//!   `~/.postgresql/root.crt`); the host name is not compared.
//! - `verify-full`: the chain and the host name (the certificate's subject alternative names).
//! - `sslrootcert=system`: the system's roots; libpq then makes `verify-full` the default and
//!   refuses weaker modes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// Where the roots that verify the server's certificate come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum RootCert {
    /// `sslrootcert` not given: `~/.postgresql/root.crt`, if it exists.
    Default,
    File(PathBuf),
    /// `sslrootcert=system`.
    System,
}

/// The TLS settings of a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TlsParams {
    pub mode: SslMode,
    /// Whether `sslmode` was written (`sslrootcert=system` changes only the default).
    pub mode_given: bool,
    pub root: RootCert,
}

/// Takes `sslmode` and `sslrootcert` out of the URL: the client library knows only three of
/// libpq's modes and no root file.
pub(super) fn take_tls_params(url: &str) -> (String, TlsParams) {
    let mut params = TlsParams {
        mode: SslMode::Prefer,
        mode_given: false,
        root: RootCert::Default,
    };
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), params);
    };
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.split_once('=') {
            Some(("sslmode", v)) => {
                params.mode_given = true;
                params.mode = match v {
                    "disable" | "allow" => SslMode::Disable,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    _ => SslMode::Prefer,
                };
                false
            }
            Some(("sslrootcert", v)) => {
                let v = percent_decoded(v);
                params.root = if v == "system" {
                    RootCert::System
                } else {
                    RootCert::File(PathBuf::from(v))
                };
                false
            }
            _ => true,
        })
        .collect();
    if params.root == RootCert::System && !params.mode_given {
        params.mode = SslMode::VerifyFull;
    }
    let url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    (url, params)
}

/// `%XX` escapes of a URL's query value decoded (a path may hold spaces); a malformed escape is
/// kept as written.
fn percent_decoded(v: &str) -> String {
    percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned()
}

/// libpq's default root file: `~/.postgresql/root.crt`.
fn default_root_file() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql").join("root.crt"))
}

/// How the server's certificate is judged, once libpq's rules are applied.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verify {
    Nothing,
    Chain(RootCert),
    ChainAndName(RootCert),
}

/// What `params` verify. `root_exists` says whether a root file is there (the default one
/// makes `require` verify).
pub(super) fn verification(params: &TlsParams, root_exists: impl Fn(&Path) -> bool) -> Result<Verify, String> {
    let root = match &params.root {
        RootCert::Default => match default_root_file() {
            Some(f) if root_exists(&f) => RootCert::File(f),
            _ => RootCert::Default,
        },
        other => other.clone(),
    };
    if root == RootCert::System && params.mode != SslMode::VerifyFull {
        return Err("sslrootcert=system needs sslmode=verify-full (libpq refuses weaker modes with the system's roots)".into());
    }
    Ok(match params.mode {
        SslMode::Disable | SslMode::Prefer => Verify::Nothing,
        SslMode::Require => match root {
            RootCert::File(_) => Verify::Chain(root),
            _ => Verify::Nothing,
        },
        SslMode::VerifyCa => Verify::Chain(root),
        SslMode::VerifyFull => Verify::ChainAndName(root),
    })
}

/// The TLS connector for `params`, or `None` for `sslmode=disable`. Fails (one line) when a
/// mode that verifies has no roots to verify with.
pub(super) fn connector(params: &TlsParams) -> Result<Option<MakeRustlsConnect>, String> {
    if params.mode == SslMode::Disable {
        return Ok(None);
    }
    // ring, not aws-lc-rs: no C++ toolchain and cmake in the build. Its deprecation is about
    // post-quantum key exchange, which a newsroom database link does not need yet.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = match verification(params, Path::exists)? {
        Verify::Nothing => Arc::new(Unverified(provider.clone())),
        Verify::Chain(root) => Arc::new(ChainOnly(webpki_verifier(&root, &provider)?)),
        Verify::ChainAndName(root) => webpki_verifier(&root, &provider)?,
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(config)))
}

/// Whether a connection failed in the TLS handshake (a certificate refused, most often) rather
/// than in reaching the server: rustls's error is somewhere in its sources.
pub(super) fn is_tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(err) = source {
        let inner = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|i| i as &(dyn std::error::Error + 'static));
        if err.is::<rustls::Error>() || inner.is_some_and(|i| i.is::<rustls::Error>()) {
            return true;
        }
        source = err.source();
    }
    false
}

fn webpki_verifier(root: &RootCert, provider: &Arc<CryptoProvider>) -> Result<Arc<WebPkiServerVerifier>, String> {
    let mut roots = RootCertStore::empty();
    match root {
        RootCert::System => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
        }
        RootCert::File(f) => {
            let certs = CertificateDer::pem_file_iter(f)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("root certificate file {}: {e}", f.display()))?;
            roots.add_parsable_certificates(certs);
        }
        RootCert::Default => {
            let f = default_root_file().unwrap_or_else(|| PathBuf::from("~/.postgresql/root.crt"));
            return Err(format!(
                "root certificate file {} does not exist: name one with sslrootcert=FILE, or use sslmode=require to encrypt without verifying",
                f.display()
            ));
        }
    }
    if roots.is_empty() {
        return Err(match root {
            RootCert::File(f) => format!("root certificate file {}: no certificate in it", f.display()),
            _ => "no root certificate found in the system's store".into(),
        });
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| e.to_string())
}

/// `verify-ca`: the chain is verified, the host name is not.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The name is compared last, after the chain: a name error means the chain was good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. })) => {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer`/`require`: encryption without checking whose certificate it is (libpq's meaning).
/// The handshake's signatures are still checked against the certificate presented.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(url: &str) -> TlsParams {
        take_tls_params(url).1
    }

    #[test]
    fn sslmode_and_sslrootcert_are_taken_out_of_the_url() {
        assert_eq!(take_tls_params("postgres://h/db").0, "postgres://h/db");
        assert_eq!(params("postgres://h/db").mode, SslMode::Prefer);
        let (url, p) = take_tls_params("postgres://h/db?sslmode=verify-full&connect_timeout=2&sslrootcert=/etc/ca%20dir/ca.crt");
        assert_eq!(url, "postgres://h/db?connect_timeout=2");
        assert_eq!(p.mode, SslMode::VerifyFull);
        assert_eq!(p.root, RootCert::File(PathBuf::from("/etc/ca dir/ca.crt")));
        assert_eq!(params("postgres://h/db?sslmode=disable").mode, SslMode::Disable);
        assert_eq!(params("postgres://h/db?sslmode=allow").mode, SslMode::Disable);
        assert_eq!(params("postgres://h/db?sslmode=require").mode, SslMode::Require);
        assert_eq!(params("postgres://h/db?sslmode=verify-ca").mode, SslMode::VerifyCa);
        // A malformed escape stays as written.
        assert_eq!(percent_decoded("a%2"), "a%2");
        assert_eq!(percent_decoded("%E2%80%94"), "—");
    }

    #[test]
    fn only_the_verifying_modes_read_roots_as_libpq_does() {
        let none = |_: &Path| false;
        let all = |_: &Path| true;
        let v = |url: &str, exists: &dyn Fn(&Path) -> bool| verification(&params(url), exists);
        assert_eq!(v("postgres://h/db?sslmode=require", &none), Ok(Verify::Nothing));
        assert_eq!(v("postgres://h/db?sslmode=prefer", &all), Ok(Verify::Nothing));
        assert_eq!(v("postgres://h/db", &all), Ok(Verify::Nothing));
        // `require` with a root file verifies the chain (libpq's compatibility rule).
        let ca = RootCert::File(PathBuf::from("/ca.crt"));
        assert_eq!(
            v("postgres://h/db?sslmode=require&sslrootcert=/ca.crt", &all),
            Ok(Verify::Chain(ca.clone()))
        );
        assert_eq!(
            v("postgres://h/db?sslmode=verify-ca&sslrootcert=/ca.crt", &all),
            Ok(Verify::Chain(ca.clone()))
        );
        assert_eq!(
            v("postgres://h/db?sslmode=verify-full&sslrootcert=/ca.crt", &all),
            Ok(Verify::ChainAndName(ca))
        );
        // Without a root file, verifying has nothing to verify with.
        assert_eq!(
            v("postgres://h/db?sslmode=verify-full", &none),
            Ok(Verify::ChainAndName(RootCert::Default))
        );
        let missing = connector(&TlsParams {
            mode: SslMode::VerifyFull,
            mode_given: true,
            root: RootCert::File(PathBuf::from("/nonexistent/factline-root.crt")),
        });
        assert!(missing.is_err_and(|e| e.contains("/nonexistent/factline-root.crt")));
        // The system's roots: verify-full by default, weaker modes refused.
        assert_eq!(
            v("postgres://h/db?sslrootcert=system", &none),
            Ok(Verify::ChainAndName(RootCert::System))
        );
        assert!(v("postgres://h/db?sslrootcert=system&sslmode=require", &none).is_err());
    }

    #[test]
    fn a_handshake_failure_is_told_from_an_unreachable_server() {
        let refused = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
        );
        assert!(is_tls_failure(&refused));
        assert!(!is_tls_failure(&std::io::Error::from(std::io::ErrorKind::ConnectionRefused)));
    }

    #[test]
    fn a_mode_that_verifies_nothing_builds_without_any_certificate() {
        let p = params("postgres://h/db?sslmode=require");
        if verification(&p, Path::exists) == Ok(Verify::Nothing) {
            assert!(connector(&p).is_ok_and(|c| c.is_some()));
        }
        assert!(connector(&params("postgres://h/db?sslmode=disable")).is_ok_and(|c| c.is_none()));
    }
}
