//! How answers reach the disk, as pure logic (no browser): the write-behind queue that keeps one
//! durable write in flight, and the one-time move of records out of localStorage. The browser side
//! is `web::durable` (IndexedDB) and `web::storage` (maps and the PIN envelope on top).

pub mod migration;
pub mod write_queue;
