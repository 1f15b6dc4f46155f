//! Connection URLs and strings that embed passwords: databases, brokers, HTTP.

mod ado_connection_string;
mod amqp_url;
mod http_url;
mod jdbc_password;
mod mongodb_url;
mod mysql_url;
mod other_url;
mod postgres_url;
mod redis_url;

pub use ado_connection_string::ADO_CONNECTION_STRING;
pub use amqp_url::AMQP_URL;
pub use http_url::HTTP_URL;
pub use jdbc_password::JDBC_PASSWORD;
pub use mongodb_url::MONGODB_URL;
pub use mysql_url::MYSQL_URL;
pub use other_url::OTHER_URL;
pub use postgres_url::POSTGRES_URL;
pub use redis_url::REDIS_URL;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &POSTGRES_URL,
    &MYSQL_URL,
    &MONGODB_URL,
    &REDIS_URL,
    &AMQP_URL,
    &OTHER_URL,
    &HTTP_URL,
    &JDBC_PASSWORD,
    &ADO_CONNECTION_STRING,
];
