//! Every occurrence of a set of ASCII-case-insensitive keywords in a buffer: the scanner's
//! first pass, which touches every byte of every file and so sets its speed.
//!
//! An aho-corasick DFA does this in one table transition per byte, but each transition
//! waits for the previous one (a dependent load per byte), and its overlapping iterator adds
//! bookkeeping: it was ~60% of the scan. This is a shift-or filter in the style of
//! Hyperscan's FDR, in safe scalar Rust: every keyword is put in one of 8 *buckets*, and one
//! table lookup per byte gives, for the 2-byte "super-character" ending there, which buckets
//! accept it at each of the last 4 positions of a keyword (so the last 5 bytes are
//! checked). The 8 lookups of a block of 8 bytes are independent of each other, so the
//! processor overlaps them; shifting and OR-ing them together gives, for 8 positions at
//! once, the buckets whose keywords may end there. Only those are checked, exactly, against
//! the bucket's keywords. Case folding is free: both bytes of a super-character are folded
//! (`| 0x20`) before the lookup, so `A` and `a` hit the same entry.
//!
//! Checking 4 positions instead of 8 costs few false candidates with 2-byte
//! super-characters and keeps a block's shifted entries inside one word (~60 instructions
//! per 8 bytes instead of ~90, +17% throughput measured). Each segment is first folded into
//! a scratch buffer, where every position's super-character is one `u16` load away, which
//! brings the loop to ~50 instructions per 8 bytes; storing each block's result and picking
//! out the blocks with candidates afterwards, to ~39. Looking up only every other position
//! (8 positions per entry) halves the lookups but checks the last byte of half the keywords
//! alone, and the extra false candidates cost more than the lookups saved (measured).
//!
//! The pass is compiled once per CPU level ([`Level`]: baseline, AVX2, AVX-512) by `pulp`,
//! which detects the CPU at run time and enables the target features around the same safe
//! code: the fold, super-character and pick-out loops get 32- or 64-byte vectors, the
//! table loop BMI2's shifts. It stays a table lookup per byte, because a vector filter cannot be as
//! selective on this keyword set (`bench/keyword_simd_passrates.py`, `bench/README.md`,
//! "Fourth pass"): on the benchmark tree this filter lets through 0.7% of positions, 0.67%
//! being real hits, and 5% of 8-byte blocks. A Teddy filter (nibble lookups, `pshufb`)
//! lets through 7% of positions and 44% of 8-byte blocks even with 64 buckets (8 groups,
//! 2 shuffles per group and position: 64 shuffles per 64 bytes, ~1 cycle per byte on the
//! one 512-bit shuffle port before anything else), and exact per-byte sets (what `vpermb`
//! could look up) are no better: 258 keywords, 14 of 2–3 bytes, leave too many 4-byte
//! combinations of accepted bytes. What makes this filter
//! selective is the 2-byte super-character (a 14-bit lookup), which vectors can only do
//! with gathers, no faster here than the scalar loads (~1 cycle per element).
//!
//! Verification finds a candidate's literals by hashing its last bytes into a small table
//! per bucket (twice as many slots as literals) instead of a binary search, and compares
//! the last 8 bytes lowercased word-at-a-time. Measured on the benchmark tree (fourth
//! pass): the pass 1.16 → 1.01 cycles per byte, pass and verification 1.85 → 1.41.
//!
//! The hits are exactly those of aho-corasick's overlapping search, in the same order (by
//! end, longest first at one end); `tests` checks it on random and real text. Keyword sets
//! the filter does not handle (an empty keyword) use aho-corasick itself.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// Number of buckets (bits per position in a table entry).
const BUCKETS: usize = 8;
/// Positions from the end of a keyword that the filter checks (the low bytes of a table
/// entry; the high 4 stay 0).
const DEPTH: usize = 4;
/// Index bits of a super-character: two folded 7-bit bytes, read as one `u16` (so the
/// table has room for the 8th bits, which folding clears: those entries are never read).
const TABLE_LEN: usize = 1 << 16;
/// Bytes scanned between two rounds of checking candidates.
const SEGMENT: usize = 4096;
/// Folds ASCII letters to lowercase in all 8 bytes of a word (and merges some punctuation
/// with control characters, which only costs a false candidate) and keeps 7 bits per byte.
const FOLD_OR: u64 = 0x2020_2020_2020_2020;
const FOLD_AND: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// One keyword occurrence: which keyword (its index in the list given to
/// [`KeywordSearch::new`]) and its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

/// A compiled keyword set.
pub(crate) enum KeywordSearch {
    Filter(Box<Filter>),
    Automaton(AhoCorasick),
}

impl KeywordSearch {
    /// Compiles `keywords` (matched ASCII-case-insensitively; distinct).
    pub fn new(keywords: &[&str]) -> KeywordSearch {
        if keywords.len() <= usize::from(u16::MAX) && keywords.iter().all(|k| !k.is_empty()) {
            KeywordSearch::Filter(Box::new(Filter::new(keywords)))
        } else {
            KeywordSearch::Automaton(automaton(keywords))
        }
    }

    /// Calls `f` with every occurrence of every keyword in `hay`, overlapping ones included,
    /// ordered by end and, at one end, longest first.
    pub fn for_each_hit(&self, hay: &[u8], mut f: impl FnMut(Hit)) {
        match self {
            KeywordSearch::Filter(filter) => filter.for_each_hit(hay, f),
            KeywordSearch::Automaton(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    f(Hit {
                        pattern: m.pattern().as_usize(),
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
    }
}

/// The aho-corasick automaton over `keywords`, the reference the filter is tested against.
pub(crate) fn automaton(keywords: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(keywords)
        .expect("keyword automaton")
}

/// One keyword, as the verification needs it.
struct Literal {
    /// The keyword's index in the caller's list.
    pattern: usize,
    bytes: Box<[u8]>,
    /// Its last (up to) 8 bytes, ASCII-lowercased (as `eq_ignore_ascii_case` compares), in
    /// the top bytes of a word, and the mask of those bytes: one comparison checks a
    /// keyword of up to 8 bytes exactly, with no loop whose length the processor must guess.
    tail: u64,
    tail_mask: u64,
}

/// The literals of one bucket, found by their last `key_len` lowercased bytes (as many as the
/// shortest has, at most 8): a candidate is checked against the few that share its key.
/// The keys are hashed into a small table (twice as many slots as literals) rather than
/// binary-searched: the search's unpredictable steps were a third of the verification.
#[derive(Default)]
struct Bucket {
    key_mask: u64,
    /// (key, index into `Filter::literals`), grouped by slot; by key and index within one.
    keyed: Vec<(u64, u16)>,
    /// Where each slot's entries start in `keyed` (one more than there are slots).
    slots: Vec<u16>,
    /// `64 - log2(slots)`: a key's slot is the top bits of `key * HASH_MUL`.
    shift: u32,
}

/// Multiplier of the slot hash (Fibonacci hashing: the top bits mix every key byte).
const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

impl Bucket {
    fn new(keyed: Vec<(u64, u16)>, key_mask: u64) -> Bucket {
        let bits = (keyed.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros();
        let shift = 64 - bits;
        let slot = |key: u64| (key.wrapping_mul(HASH_MUL) >> shift) as usize;
        let mut keyed = keyed;
        keyed.sort_unstable_by_key(|&(key, i)| (slot(key), key, i));
        let slots = (0..=1usize << bits)
            .map(|h| keyed.partition_point(|&(key, _)| slot(key) < h) as u16)
            .collect();
        Bucket {
            key_mask,
            keyed,
            slots,
            shift,
        }
    }

    /// The entries whose key may be `key` (those of its slot).
    fn entries(&self, key: u64) -> &[(u64, u16)] {
        let h = (key.wrapping_mul(HASH_MUL) >> self.shift) as usize;
        let (from, to) = (self.slots[h], self.slots[h + 1]);
        &self.keyed[usize::from(from)..usize::from(to)]
    }
}

/// The shift-or filter and its buckets.
pub(crate) struct Filter {
    /// Super-character → for each position from the end (byte) and bucket (bit): 0 when
    /// some keyword of the bucket accepts it there.
    table: Box<[u32; TABLE_LEN]>,
    /// The literals of each bucket, found by their last bytes.
    buckets: [Bucket; BUCKETS],
    /// Sorted longest first, so that sorting the indices of the hits at one end orders
    /// them as aho-corasick does.
    literals: Vec<Literal>,
    /// The instructions the shift-or pass runs with.
    level: Level,
}

/// The instruction set the shift-or pass is compiled for, chosen at run time (the build
/// targets baseline x86-64): the same safe Rust, compiled once per level by `pulp`, which
/// checks the CPU and enables the target features around it. AVX2 and AVX-512 widen the
/// fold and super-character loops (4 and 8 times SSE2's 16 bytes per step) and give the
/// table loop BMI2's three-operand shifts.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Level {
    /// The build's own target (SSE2 on x86-64; whatever other targets have).
    Baseline,
    /// x86-64-v3: AVX2, BMI1/2, FMA.
    #[cfg(target_arch = "x86_64")]
    V3(pulp::x86::V3),
    /// x86-64-v4: AVX-512 F/BW/CD/DQ/VL on top of v3.
    #[cfg(target_arch = "x86_64")]
    V4(pulp::x86::V4),
}

impl Level {
    /// The best level this CPU runs.
    pub fn best() -> Level {
        #[cfg(target_arch = "x86_64")]
        {
            if let Some(simd) = pulp::x86::V4::try_new() {
                return Level::V4(simd);
            }
            if let Some(simd) = pulp::x86::V3::try_new() {
                return Level::V3(simd);
            }
        }
        Level::Baseline
    }

    /// Every level this CPU runs, baseline first.
    #[cfg(test)]
    fn available() -> Vec<Level> {
        let mut out = vec![Level::Baseline];
        #[cfg(target_arch = "x86_64")]
        {
            out.extend(pulp::x86::V3::try_new().map(Level::V3));
            out.extend(pulp::x86::V4::try_new().map(Level::V4));
        }
        out
    }

    /// The level's name, for messages.
    #[cfg(test)]
    fn name(self) -> &'static str {
        match self {
            Level::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Level::V3(_) => "x86-64-v3 (AVX2)",
            #[cfg(target_arch = "x86_64")]
            Level::V4(_) => "x86-64-v4 (AVX-512)",
        }
    }

    /// Runs `op` compiled for this level.
    #[inline(always)]
    fn run<Op: pulp::WithSimd>(self, op: Op) -> Op::Output {
        match self {
            Level::Baseline => op.with_simd(pulp::Scalar),
            #[cfg(target_arch = "x86_64")]
            Level::V3(simd) => pulp::Simd::vectorize(simd, op),
            #[cfg(target_arch = "x86_64")]
            Level::V4(simd) => pulp::Simd::vectorize(simd, op),
        }
    }
}

/// One segment's shift-or pass, as an operation `pulp` compiles per level.
struct ShiftOr<'a> {
    filter: &'a Filter,
    text: &'a [u8],
    state: &'a mut State,
    scratch: &'a mut Scratch,
}

impl pulp::WithSimd for ShiftOr<'_> {
    type Output = usize;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> usize {
        self.filter
            .shift_or_loops(self.text, self.state, self.scratch)
    }
}

fn fold(b: u8) -> u8 {
    (b | 0x20) & 0x7F
}

/// The table index of the super-character `prev`, `cur` (both folded).
fn super_char(prev: u8, cur: u8) -> usize {
    usize::from(prev) | (usize::from(cur) << 8)
}

impl Filter {
    fn new(keywords: &[&str]) -> Filter {
        Filter::with_level(keywords, Level::best())
    }

    /// The filter, with its shift-or pass run at `level` (tests force each one).
    fn with_level(keywords: &[&str], level: Level) -> Filter {
        let mut order: Vec<usize> = (0..keywords.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(keywords[i].len()));
        let literals: Vec<Literal> = order
            .iter()
            .map(|&i| {
                let bytes = keywords[i].as_bytes();
                let n = bytes.len().min(8);
                let mut tail = 0u64;
                for &b in &bytes[bytes.len() - n..] {
                    tail = (tail >> 8) | (u64::from(b.to_ascii_lowercase()) << 56);
                }
                let tail_mask = if n == 8 {
                    u64::MAX
                } else {
                    !(u64::MAX >> (8 * n))
                };
                Literal {
                    pattern: i,
                    bytes: bytes.into(),
                    tail: tail & tail_mask,
                    tail_mask,
                }
            })
            .collect();
        let assignment = assign_buckets(&literals);
        let mut buckets: [Bucket; BUCKETS] = Default::default();
        for (b, bucket) in buckets.iter_mut().enumerate() {
            let mine = || (0..literals.len()).filter(|&i| assignment[i] == b);
            let key_mask = mine().fold(u64::MAX, |m, i| m & literals[i].tail_mask);
            let keyed = mine()
                .map(|i| (literals[i].tail & key_mask, i as u16))
                .collect();
            *bucket = Bucket::new(keyed, key_mask);
        }
        // Start from "nothing accepted", then clear the bit of every (position, bucket)
        // each keyword accepts.
        let mut wildcard = 0u32;
        let mut table: Box<[u32; TABLE_LEN]> = vec![u32::MAX; TABLE_LEN]
            .into_boxed_slice()
            .try_into()
            .unwrap_or_else(|_| unreachable!("table length"));
        for (lit, &b) in literals.iter().zip(&assignment) {
            let bytes = &lit.bytes;
            let len = bytes.len();
            for k in 0..DEPTH {
                let bit = 1u32 << (k * BUCKETS + b);
                if k >= len {
                    // Before the keyword: anything.
                    wildcard |= bit;
                } else if k + 1 == len {
                    // The keyword's first byte, after anything.
                    let cur = fold(bytes[0]);
                    for prev in 0..0x80u8 {
                        table[super_char(prev, cur)] &= !bit;
                    }
                } else {
                    let cur = fold(bytes[len - 1 - k]);
                    let prev = fold(bytes[len - 2 - k]);
                    table[super_char(prev, cur)] &= !bit;
                }
            }
        }
        // Bytes past DEPTH say nothing: an entry has exactly DEPTH bytes (u32).
        for entry in table.iter_mut() {
            *entry &= !wildcard;
        }
        Filter {
            table,
            buckets,
            literals,
            level,
        }
    }

    fn for_each_hit(&self, hay: &[u8], f: impl FnMut(Hit)) {
        // One scratch per thread, reused search after search (20 KiB to zero per file
        // otherwise); a fresh one if it is in use (a search inside a search's callback).
        thread_local! {
            static SCRATCH: std::cell::RefCell<Box<Scratch>> = std::cell::RefCell::new(Scratch::new());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.search(hay, &mut scratch, f),
            Err(_) => self.search(hay, &mut Scratch::new(), f),
        });
    }

    fn search(&self, hay: &[u8], scratch: &mut Scratch, mut f: impl FnMut(Hit)) {
        let mut state = State::default();
        let mut found: Vec<u16> = Vec::new();
        let whole = hay.len() - hay.len() % 8;
        let mut at = 0;
        // The shift-or loop fills a list of candidate blocks, segment by segment, and the
        // candidates are checked after it: the loop calls nothing and keeps its state in
        // registers.
        while at < whole {
            let end = whole.min(at + SEGMENT);
            let n = self.shift_or(&hay[at..end], &mut state, scratch);
            for &(block, cand) in &scratch.pending[..n] {
                self.verify(hay, at + 8 * block as usize, cand, &mut found, &mut f);
            }
            at = end;
        }
        let rest = &hay[whole..];
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            let lanes = rest.len() * 8;
            let cand = block(&self.table, u64::from_le_bytes(last), &mut state)
                & (u64::MAX >> (64 - lanes));
            if cand != 0 {
                self.verify(hay, whole, cand, &mut found, &mut f);
            }
        }
    }

    /// The shift-or pass over `text` (a multiple of 8 bytes, at most [`SEGMENT`]): fills
    /// `scratch.pending` with (block index, candidates) for each block with candidates and
    /// returns how many. It first folds the text into `scratch.folded`, after the previous
    /// segment's last byte, and writes each position's super-character (the 2 folded bytes
    /// ending there, as a little-endian `u16`) to `scratch.pairs`: loops the compiler
    /// vectorizes. Then one load gives each table index, with no shifting or masking (the
    /// scalar loop's cost is its instruction count), and each block's result is stored as
    /// it is; the blocks with candidates are picked out afterwards, 64 at a time (~39
    /// instructions per 8 bytes instead of ~48 when the loop also kept the list).
    #[inline(never)]
    fn shift_or(&self, text: &[u8], state: &mut State, scratch: &mut Scratch) -> usize {
        self.level.run(ShiftOr {
            filter: self,
            text,
            state,
            scratch,
        })
    }

    /// [`Filter::shift_or`]'s body, inlined into each level's copy.
    #[inline(always)]
    fn shift_or_loops(&self, text: &[u8], state: &mut State, scratch: &mut Scratch) -> usize {
        let table = &*self.table;
        let n = text.len().min(SEGMENT);
        let folded = &mut scratch.folded;
        folded[0] = state.prev as u8;
        for (d, &b) in folded[1..=n].iter_mut().zip(text) {
            *d = fold(b);
        }
        let pairs = &mut scratch.pairs[..n];
        for ((p, &prev), &cur) in pairs.iter_mut().zip(&folded[..n]).zip(&folded[1..=n]) {
            *p = u16::from(prev) | (u16::from(cur) << 8);
        }
        let prev = folded[n];
        let pairs = &*pairs;
        let blocks = &mut scratch.blocks;
        let mut carry = state.carry;
        for (c, out) in pairs.chunks_exact(8).zip(blocks.iter_mut()) {
            let e = |k: usize| u64::from(table[usize::from(c[k])]);
            // Entry byte k of position i speaks for position i + k: byte j of `a | b << 32`
            // is position j of the block, and what spills past the block is for the next.
            let a = e(0) | (e(1) << 8) | (e(2) << 16) | (e(3) << 24);
            let b = e(4) | (e(5) << 8) | (e(6) << 16) | (e(7) << 24);
            // Inverted candidates (0 bits), written for every block: the loop keeps no
            // count and takes no branch. ~5% of blocks have candidates on source code.
            *out = a | (b << 32) | carry;
            carry = b >> 32;
        }
        // The blocks with candidates, 64 at a time: a mask of them, then its set bits.
        let pending = &mut scratch.pending;
        let mut count = 0;
        for (g, group) in blocks[..n / 8].chunks(64).enumerate() {
            let mut mask = 0u64;
            for (j, &x) in group.iter().enumerate() {
                mask |= u64::from(x != u64::MAX) << j;
            }
            while mask != 0 {
                let j = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                // `count` is below the number of blocks, so the modulo (a mask) never wraps;
                // it only spares the bounds check.
                pending[count % (SEGMENT / 8)] = ((g * 64 + j) as u32, !group[j]);
                count += 1;
            }
        }
        state.carry = carry;
        state.prev = u64::from(prev);
        count
    }

    /// Checks the candidates of one block (bit `8 * lane + bucket`: a keyword of `bucket`
    /// may end at `at + lane`) and reports the hits.
    #[inline(never)]
    fn verify(
        &self,
        hay: &[u8],
        at: usize,
        mut cand: u64,
        found: &mut Vec<u16>,
        f: &mut impl FnMut(Hit),
    ) {
        while cand != 0 {
            let lane = cand.trailing_zeros() as usize / 8;
            let mut buckets = (cand >> (lane * 8)) & 0xFF;
            cand &= !(0xFFu64 << (lane * 8));
            let end = at + lane + 1;
            let word = lowercase_word_ending_at(hay, end);
            found.clear();
            while buckets != 0 {
                let b = buckets.trailing_zeros() as usize;
                buckets &= buckets - 1;
                let bucket = &self.buckets[b];
                let key = word & bucket.key_mask;
                for &(k, i) in bucket.entries(key) {
                    if k != key {
                        continue;
                    }
                    let lit = &self.literals[usize::from(i)];
                    let len = lit.bytes.len();
                    // The last 8 bytes are compared in `word`; only longer keywords have
                    // bytes left to compare.
                    if word & lit.tail_mask == lit.tail
                        && len <= end
                        && (len <= 8
                            || hay[end - len..end - 8].eq_ignore_ascii_case(&lit.bytes[..len - 8]))
                    {
                        found.push(i);
                    }
                }
            }
            if found.len() > 1 {
                found.sort_unstable();
            }
            for &i in found.iter() {
                let lit = &self.literals[usize::from(i)];
                f(Hit {
                    pattern: lit.pattern,
                    start: end - lit.bytes.len(),
                    end,
                });
            }
        }
    }
}

/// The shift-or loop's buffers (one per thread).
struct Scratch {
    /// The previous segment's last byte and the segment, folded.
    folded: [u8; SEGMENT + 1],
    /// The super-character ending at each position of the segment.
    pairs: [u16; SEGMENT],
    /// (block index in the segment, candidates) of the blocks with candidates.
    pending: [(u32, u64); SEGMENT / 8],
    /// Each block's candidates, inverted (bit `8 * lane + bucket` is 0 for a candidate).
    blocks: [u64; SEGMENT / 8],
}

impl Scratch {
    fn new() -> Box<Scratch> {
        Box::new(Scratch {
            folded: [0; SEGMENT + 1],
            pairs: [0; SEGMENT],
            pending: [(0, 0); SEGMENT / 8],
            blocks: [0; SEGMENT / 8],
        })
    }
}

/// What the shift-or loop carries from one block to the next: what earlier bytes say about
/// the next block's positions, and the previous block's last byte, folded.
#[derive(Clone, Copy, Default)]
struct State {
    carry: u64,
    prev: u64,
}

/// One block of 8 bytes `w` (little-endian): the candidates (bit `8 * lane + bucket`) for
/// keywords ending in it.
#[inline(always)]
fn block(table: &[u32; TABLE_LEN], w: u64, state: &mut State) -> u64 {
    let f = (w | FOLD_OR) & FOLD_AND;
    // Byte i of `g` is the byte before byte i of `f`, and byte i + 1 is byte i of `f`: the
    // 16 bits at byte i are the super-character (before, current) of position i.
    let g = (f << 8) | state.prev;
    state.prev = f >> 56;
    let m = |i: u32| u64::from(table[((g >> (8 * i)) & 0x7F7F) as usize]);
    let m7 = u64::from(table[((f >> 48) & 0x7F7F) as usize]);
    // Entry byte k of position i speaks for position i + k (k < 4): within each half of the
    // block the shifted entries stay inside the word, and what spills past the half (bytes
    // 4 to 6) is for the next half.
    let a = m(0) | (m(1) << 8) | (m(2) << 16) | (m(3) << 24);
    let b = m(4) | (m(5) << 8) | (m(6) << 16) | (m7 << 24);
    let lo = ((a | state.carry) & 0xFFFF_FFFF) | ((b | (a >> 32)) << 32);
    state.carry = b >> 32;
    !lo
}

/// The 8 bytes before `end` (fewer at the start of `hay`, zero-filled), lowercased, the
/// last one in the top byte.
fn lowercase_word_ending_at(hay: &[u8], end: usize) -> u64 {
    let w = if end >= 8 {
        u64::from_le_bytes(hay[end - 8..end].try_into().unwrap_or([0; 8]))
    } else {
        let mut b = [0u8; 8];
        b[8 - end..].copy_from_slice(&hay[..end]);
        u64::from_le_bytes(b)
    };
    ascii_lowercase_word(w)
}

/// `to_ascii_lowercase` of the 8 bytes of `w` at once: only `A`..=`Z` change. Each byte's
/// low 7 bits plus a constant sets its top bit when it is at least `A` (or past `Z`), with
/// no carry into the next byte; bytes of 0x80 and above are not letters.
fn ascii_lowercase_word(w: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const TOP: u64 = 0x8080_8080_8080_8080;
    let low = w & LOW7;
    let at_least_a = low + 0x3F3F_3F3F_3F3F_3F3F; // 0x80 - b'A'
    let past_z = low + 0x2525_2525_2525_2525; // 0x80 - (b'Z' + 1)
    let upper = at_least_a & !past_z & !w & TOP;
    w | (upper >> 2)
}

/// Rough frequency of each folded byte in source code and configuration, for estimating
/// how often a bucket fires.
fn byte_weight(b: u8) -> f64 {
    const LETTERS: &[u8; 26] = b"etaoinsrhldcumfpgwybvkxjqz";
    match b {
        b'a'..=b'z' => {
            let rank = LETTERS.iter().position(|&c| c == b).unwrap_or(25) as f64;
            0.09 * (1.0 - rank / 30.0)
        }
        b' ' => 0.15,
        b'0'..=b'9' => 0.01,
        b'_' | b'.' | b'(' | b')' | b'"' | b'=' | b',' | b':' | b'/' | b'-' | b'\'' => 0.012,
        _ => 0.002,
    }
}

/// Puts each literal (sorted longest first) in a bucket: contiguous runs of the sorted
/// list, split where the estimated cost (how often the bucket fires, times its size, which
/// is what verifying it costs) is least, by dynamic programming over the split points.
fn assign_buckets(literals: &[Literal]) -> Vec<usize> {
    let n = literals.len();
    if n == 0 {
        return Vec::new();
    }
    // costs[i][j]: a bucket holding literals i..j, grown one literal at a time from each i:
    // per position from the end, the set of super-characters (or first bytes) it accepts
    // and their summed weight.
    let mut costs = vec![vec![0.0f64; n + 1]; n];
    for (i, row) in costs.iter_mut().enumerate() {
        let mut pairs = vec![[0u64; (1 << 14) / 64]; DEPTH];
        let mut firsts = [[false; 128]; DEPTH];
        let mut weight = [0.0f64; DEPTH];
        let mut wild = [false; DEPTH];
        for j in i..n {
            let bytes = &literals[j].bytes;
            let len = bytes.len();
            for k in 0..DEPTH {
                if k >= len {
                    wild[k] = true;
                } else if k + 1 == len {
                    let c = fold(bytes[0]);
                    if !std::mem::replace(&mut firsts[k][usize::from(c)], true) {
                        weight[k] += byte_weight(c);
                    }
                } else {
                    let (a, b) = (fold(bytes[len - 2 - k]), fold(bytes[len - 1 - k]));
                    let at = usize::from(a) << 7 | usize::from(b);
                    let (word, bit) = (at / 64, 1u64 << (at % 64));
                    if pairs[k][word] & bit == 0 {
                        pairs[k][word] |= bit;
                        weight[k] += byte_weight(a) * byte_weight(b);
                    }
                }
            }
            let fires: f64 = (0..DEPTH)
                .filter(|&k| !wild[k])
                .map(|k| weight[k].min(1.0))
                .product();
            row[j + 1] = fires * (j + 1 - i) as f64 + 1e-9;
        }
    }
    let k = BUCKETS.min(n);
    // best[b][j]: least cost of literals 0..j in b buckets; from[b][j]: the split.
    let mut best = vec![vec![f64::INFINITY; n + 1]; k + 1];
    let mut from = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = 0.0;
    for b in 1..=k {
        for j in 1..=n {
            for i in (b - 1)..j {
                let c = best[b - 1][i] + costs[i][j];
                if c < best[b][j] {
                    best[b][j] = c;
                    from[b][j] = i;
                }
            }
        }
    }
    let mut out = vec![0usize; n];
    let mut j = n;
    for b in (1..=k).rev() {
        let i = from[b][j];
        for slot in &mut out[i..j] {
            *slot = b - 1;
        }
        j = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(keywords: &[&str], hay: &[u8]) -> Vec<Hit> {
        automaton(keywords)
            .find_overlapping_iter(hay)
            .map(|m| Hit {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Bytes keywords are made of, plus what folding merges with them (`@` and `` ` ``,
    /// `_` and DEL, control characters and punctuation) and non-ASCII bytes.
    const ALPHABET: &[u8] = b"abcdeABCDE_-.:=/ \n\t~@`[{\x7F\x0D\x1A\x00\x80\xC3\xA9\xE1019";

    /// What random keywords are made of (valid UTF-8, as keywords are strings).
    const KEYWORD_CHARS: &[char] = &[
        'a', 'b', 'c', 'd', 'e', 'A', 'B', 'C', '_', '-', '.', ':', '=', '/', ' ', '~', '@', '`',
        '[', '{', '\u{7F}', '\r', '\u{1A}', 'é', '1', '0', '9',
    ];

    fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect()
    }

    /// Random case of ASCII letters.
    fn recase(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
        bytes
            .iter()
            .map(|&b| match rng.below(2) {
                0 => b.to_ascii_uppercase(),
                _ => b.to_ascii_lowercase(),
            })
            .collect()
    }

    /// Text made of random bytes and keywords (in random case), so hits are dense and
    /// overlap.
    fn text_with(rng: &mut Rng, keywords: &[&str], len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 64);
        while out.len() < len {
            if !keywords.is_empty() && rng.below(3) == 0 {
                let k = keywords[rng.below(keywords.len())].as_bytes();
                out.extend(recase(rng, k));
            } else {
                let n = rng.below(12);
                out.extend(random_bytes(rng, n));
            }
        }
        out
    }

    /// Distinct (ASCII-case-insensitively) keywords, as the scanner passes them.
    fn distinct(mut keywords: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        keywords.retain(|k| !k.is_empty());
        for k in keywords {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(&k)) {
                out.push(k);
            }
        }
        out
    }

    fn builtin_keywords() -> Vec<String> {
        distinct(
            crate::all()
                .iter()
                .flat_map(|d| d.spec.keywords.iter().chain(d.spec.window_names))
                .map(|k| k.to_string())
                .collect(),
        )
    }

    fn check(keywords: &[&str], hay: &[u8], what: &str) {
        check_with(&mut Filter::new(keywords), keywords, hay, what);
    }

    /// Checks `filter` at every level this CPU runs (and leaves it at the best one).
    fn check_with(filter: &mut Filter, keywords: &[&str], hay: &[u8], what: &str) {
        let want = reference(keywords, hay);
        for level in Level::available() {
            filter.level = level;
            compare(
                filter,
                keywords,
                hay,
                &want,
                &format!("{what}, {}", level.name()),
            );
        }
    }

    fn compare(filter: &Filter, keywords: &[&str], hay: &[u8], want: &[Hit], what: &str) {
        let mut got = Vec::new();
        filter.for_each_hit(hay, |h| got.push(h));
        if got != want {
            let first = got
                .iter()
                .zip(want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            panic!(
                "{what}: {} hits, aho-corasick {}; first difference at #{first}: {:?} vs {:?} \
                 (keywords {keywords:?})",
                got.len(),
                want.len(),
                got.get(first),
                want.get(first)
            );
        }
    }

    #[test]
    fn finds_what_aho_corasick_finds() {
        let kws = [
            "pass", "password", "SECRET", "ab", "b", "word", "xoxb-", "q~",
        ];
        let hay = b"my Password=SeCrEt q~ xoxB-1 ab abab bpassword passwor";
        check(&kws, hay, "sample");
        check(&kws, b"", "empty text");
        check(&kws, b"b", "one byte");
        check(&kws, b"password", "a keyword alone");
    }

    #[test]
    fn random_keyword_sets_on_random_text() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..300 {
            let n = 1 + rng.below(if round % 10 == 0 { 300 } else { 40 });
            let mut kws: Vec<String> = (0..n)
                .map(|_| {
                    let len = 1 + rng.below(12);
                    (0..len)
                        .map(|_| KEYWORD_CHARS[rng.below(KEYWORD_CHARS.len())])
                        .collect()
                })
                .collect();
            // Keywords that are prefixes and suffixes of each other.
            for i in 0..n / 4 {
                let k: Vec<char> = kws[i].chars().collect();
                if k.len() > 1 {
                    kws.push(k[1..].iter().collect());
                    kws.push(k[..k.len() - 1].iter().collect());
                }
            }
            let kws = distinct(kws);
            let refs: Vec<&str> = kws.iter().map(|s| s.as_str()).collect();
            let len = rng.below(3000);
            let hay = text_with(&mut rng, &refs, len);
            let mut filter = Filter::new(&refs);
            check_with(&mut filter, &refs, &hay, &format!("round {round}"));
            // Every alignment of the block loop, and the short tail.
            for cut in 1..9.min(hay.len()) {
                let what = format!("round {round}, from {cut}");
                check_with(&mut filter, &refs, &hay[cut..], &what);
                let what = format!("round {round}, cut {cut}");
                check_with(&mut filter, &refs, &hay[..hay.len() - cut], &what);
            }
        }
    }

    #[test]
    fn builtin_keywords_on_generated_text() {
        let kws = builtin_keywords();
        let refs: Vec<&str> = kws.iter().map(|s| s.as_str()).collect();
        let mut rng = Rng(42);
        let mut filter = Filter::new(&refs);
        for round in 0..50 {
            let hay = text_with(&mut rng, &refs, 20_000);
            check_with(&mut filter, &refs, &hay, &format!("round {round}"));
        }
    }

    /// The built-in keywords on real files: the fixtures and negatives of this crate and, when
    /// present, the shared corpus next to the repository and any directories listed in
    /// `PALISADE_KEYWORD_TEST_DIRS` (e.g. a generated benchmark tree).
    #[test]
    fn builtin_keywords_on_real_files() {
        let kws = builtin_keywords();
        let refs: Vec<&str> = kws.iter().map(|s| s.as_str()).collect();
        let mut filter = Filter::new(&refs);
        let ac = automaton(&refs);
        let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![crate_dir.join("tests")];
        let shared = crate_dir.join("../../../shared/corpus");
        if shared.is_dir() {
            dirs.push(shared);
        } else {
            eprintln!(
                "note: {} not found; checking this crate's files only",
                shared.display()
            );
        }
        if let Ok(extra) = std::env::var("PALISADE_KEYWORD_TEST_DIRS") {
            dirs.extend(std::env::split_paths(&extra));
        }
        let (mut files, mut hits) = (0usize, 0usize);
        let mut stack = dirs;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let want: Vec<Hit> = ac
                    .find_overlapping_iter(&bytes)
                    .map(|m| Hit {
                        pattern: m.pattern().as_usize(),
                        start: m.start(),
                        end: m.end(),
                    })
                    .collect();
                for level in Level::available() {
                    filter.level = level;
                    let what = format!("{}, {}", path.display(), level.name());
                    compare(&filter, &refs, &bytes, &want, &what);
                }
                files += 1;
                hits += want.len();
            }
        }
        eprintln!("keyword filter = aho-corasick on {files} files ({hits} hits)");
        assert!(files > 100, "too few files checked: {files}");
    }

    #[test]
    fn empty_keywords_fall_back_to_the_automaton() {
        let search = KeywordSearch::new(&["", "ab"]);
        assert!(matches!(search, KeywordSearch::Automaton(_)));
        let mut n = 0;
        search.for_each_hit(b"abc", |_| n += 1);
        assert_eq!(n, reference(&["", "ab"], b"abc").len());
    }

    /// The dispatch picks the best level this CPU runs, and tests see every level below it.
    #[test]
    fn levels_run_what_the_cpu_has() {
        let levels = Level::available();
        assert!(matches!(levels[0], Level::Baseline));
        assert_eq!(Level::best().name(), levels[levels.len() - 1].name());
        let names: Vec<&str> = levels.iter().map(|l| l.name()).collect();
        eprintln!("keyword filter levels on this CPU: {names:?}");
    }

    /// Texts around the segment size (where the pass hands its state to the next segment)
    /// and every start and end alignment within a vector (64 bytes), at every level.
    #[test]
    fn every_level_at_segment_edges_and_alignments() {
        let kws = builtin_keywords();
        let refs: Vec<&str> = kws.iter().map(|s| s.as_str()).collect();
        let mut filter = Filter::new(&refs);
        let mut rng = Rng(7);
        let hay = text_with(&mut rng, &refs, 3 * SEGMENT + 200);
        for len in [
            SEGMENT - 9,
            SEGMENT - 1,
            SEGMENT,
            SEGMENT + 1,
            SEGMENT + 7,
            2 * SEGMENT + 3,
        ] {
            check_with(&mut filter, &refs, &hay[..len], &format!("length {len}"));
        }
        for cut in 0..64 {
            check_with(&mut filter, &refs, &hay[cut..], &format!("from {cut}"));
            let end = hay.len() - cut;
            check_with(&mut filter, &refs, &hay[..end], &format!("to {end}"));
        }
        // A keyword across each segment boundary, in every position.
        for shift in 0..16 {
            let mut text = random_bytes(&mut rng, SEGMENT - 8 + shift);
            text.extend_from_slice(b"AUTHORIZATION: Bearer password=api_key");
            text.extend(random_bytes(&mut rng, 100));
            check_with(
                &mut filter,
                &refs,
                &text,
                &format!("boundary shift {shift}"),
            );
        }
    }

    /// Every key of a bucket is in its slot, including keys shorter than 8 bytes and many
    /// literals sharing one key.
    #[test]
    fn bucket_slots_hold_every_key() {
        let mut rng = Rng(3);
        for n in [0usize, 1, 2, 3, 17, 100, 1000] {
            let keyed: Vec<(u64, u16)> = (0..n)
                .map(|i| ((rng.next() % 40) << (8 * (i % 8)), i as u16))
                .collect();
            let bucket = Bucket::new(keyed.clone(), u64::MAX);
            assert_eq!(bucket.keyed.len(), n);
            for &(key, i) in &keyed {
                assert!(
                    bucket.entries(key).contains(&(key, i)),
                    "n {n}: key {key:#x}"
                );
            }
            let absent = u64::MAX - 1;
            assert!(bucket.entries(absent).iter().all(|e| e.0 != absent));
        }
    }

    /// Not a check: the filter's throughput per level and its pass rates on the files under
    /// `PALISADE_KEYWORD_BENCH_DIR` (at most `PALISADE_KEYWORD_BENCH_MB`, 64 by default).
    /// `bench/keywords.sh` runs it in release mode.
    #[test]
    #[ignore]
    fn throughput_on_a_tree() {
        let Some(dir) = std::env::var_os("PALISADE_KEYWORD_BENCH_DIR") else {
            eprintln!("set PALISADE_KEYWORD_BENCH_DIR to a directory of text files");
            return;
        };
        let limit: usize = std::env::var("PALISADE_KEYWORD_BENCH_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64)
            << 20;
        let mut files: Vec<Vec<u8>> = Vec::new();
        let mut read_paths: Vec<std::path::PathBuf> = Vec::new();
        let mut total = 0;
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if path.is_dir() {
                    stack.push(path);
                } else if total < limit {
                    if let Ok(bytes) = std::fs::read(&path) {
                        total += bytes.len();
                        files.push(bytes);
                        read_paths.push(path);
                    }
                }
            }
        }
        let kws = builtin_keywords();
        let refs: Vec<&str> = kws.iter().map(|s| s.as_str()).collect();
        // The same keywords and files for the other engines `bench/keywords.sh` times.
        if let Some(out) = std::env::var_os("PALISADE_KEYWORD_BENCH_OUT") {
            let out = std::path::PathBuf::from(out);
            let lines =
                |items: Vec<String>| items.iter().map(|l| format!("{l}\n")).collect::<String>();
            std::fs::write(out.join("keywords.txt"), lines(kws.clone())).expect("keywords.txt");
            let paths = read_paths.iter().map(|p| p.display().to_string()).collect();
            std::fs::write(out.join("files.txt"), lines(paths)).expect("files.txt");
        }
        let mut filter = Filter::new(&refs);
        // Pass rates of the shift-or pass (the same at every level).
        let (mut lanes, mut bits, mut blocks, mut hits) = (0u64, 0u64, 0u64, 0u64);
        let mut scratch = Scratch::new();
        for hay in &files {
            let mut state = State::default();
            let whole = hay.len() - hay.len() % 8;
            for seg in hay[..whole].chunks(SEGMENT) {
                let n = filter.shift_or(seg, &mut state, &mut scratch);
                for &(_, cand) in &scratch.pending[..n] {
                    blocks += 1;
                    bits += u64::from(cand.count_ones());
                    lanes += cand.to_le_bytes().iter().filter(|&&b| b != 0).count() as u64;
                }
            }
            filter.for_each_hit(hay, |_| hits += 1);
        }
        let pct = |n: u64, of: usize| 100.0 * n as f64 / of as f64;
        eprintln!(
            "{} files, {:.1} MiB; positions with a candidate {:.2}%, (position, bucket) \
             candidates {:.2}%, 8-byte blocks with one {:.1}%, keyword hits {:.2}% \
             ({} hits, {:.0} per MiB)",
            files.len(),
            total as f64 / f64::from(1 << 20),
            pct(lanes, total),
            pct(bits, total),
            pct(blocks, total / 8),
            pct(hits, total),
            hits,
            hits as f64 / (total as f64 / f64::from(1 << 20)),
        );
        // Levels interleaved, best of 15 rounds each: the machine's load moves between runs.
        let levels = Level::available();
        let mut best = vec![(f64::MAX, f64::MAX); levels.len()];
        let mut buf = Vec::new();
        for _ in 0..15 {
            for (level, best) in levels.iter().zip(&mut best) {
                filter.level = *level;
                let (mut t_pass, mut t_full) = (0.0, 0.0);
                for hay in &files {
                    // As the scanner does: the file was just read into the thread's buffer.
                    buf.clear();
                    buf.extend_from_slice(hay);
                    let t = std::time::Instant::now();
                    let mut state = State::default();
                    for seg in buf[..buf.len() - buf.len() % 8].chunks(SEGMENT) {
                        std::hint::black_box(filter.shift_or(seg, &mut state, &mut scratch));
                    }
                    t_pass += t.elapsed().as_secs_f64();
                    let t = std::time::Instant::now();
                    let mut n = 0usize;
                    filter.for_each_hit(&buf, |h| n += h.end);
                    std::hint::black_box(n);
                    t_full += t.elapsed().as_secs_f64();
                }
                best.0 = best.0.min(t_pass);
                best.1 = best.1.min(t_full);
            }
        }
        let ns = |t: f64| t * 1e9 / total as f64;
        for (level, (pass, full)) in levels.iter().zip(best) {
            eprintln!(
                "{}: shift-or pass {:.3} ns/byte, whole search (pass + verification) {:.3} \
                 ns/byte ({:.2} GB/s)",
                level.name(),
                ns(pass),
                ns(full),
                total as f64 / full / 1e9
            );
        }
    }

    /// The word-at-a-time lowercase is `to_ascii_lowercase` for every byte value, in every
    /// position of the word.
    #[test]
    fn word_lowercase_is_ascii_lowercase() {
        let mut rng = Rng(11);
        for round in 0..2000u64 {
            let mut bytes = [0u8; 8];
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = if round < 256 {
                    (round as u8).wrapping_add((i as u8).wrapping_mul(37))
                } else {
                    rng.next() as u8
                };
            }
            let want = u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase()));
            assert_eq!(
                ascii_lowercase_word(u64::from_le_bytes(bytes)),
                want,
                "{bytes:?}"
            );
        }
    }
}
