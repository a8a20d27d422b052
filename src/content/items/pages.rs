//! Decoding the home page, free pages and posts.

use super::*;

pub(super) const HOME_FIELDS: &[Field] = &[
    ("title", "title: Clinical rotations for IMGs"),
    (
        "description",
        "description: U.S. clinical experience for international medical graduates",
    ),
];

pub(super) fn home(ctx: &mut Ctx, root: &Node, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "home page", HOME_FIELDS) else {
        return Item::Nothing;
    };
    let title = f.opt(ctx, "title", decode::text);
    let description = f.opt(ctx, "description", decode::text);
    Item::Home(Home {
        title,
        description,
        body,
    })
}

pub(super) const PAGE_FIELDS: &[Field] = &[
    ("title", "title: About us"),
    (
        "description",
        "description: Who we are and how we choose our hospitals",
    ),
];

pub(super) fn page(ctx: &mut Ctx, root: &Node, slug: String, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "page", PAGE_FIELDS) else {
        return Item::Nothing;
    };
    let title = f.req(ctx, "title", decode::text);
    let description = f.opt(ctx, "description", decode::text);
    match title {
        Some(title) => Item::Page(Page {
            slug,
            title,
            description,
            body,
        }),
        None => Item::Nothing,
    }
}

pub(super) const POST_FIELDS: &[Field] = &[
    ("title", "title: New rotations in Texas"),
    ("date", "date: 2026-11-01"),
    (
        "description",
        "description: Two new hospitals join our network",
    ),
];

pub(super) fn post(ctx: &mut Ctx, root: &Node, slug: String, body: Markdown) -> Item {
    let Some(f) = fields(ctx, root, "post", POST_FIELDS) else {
        return Item::Nothing;
    };
    let title = f.req(ctx, "title", decode::text);
    let date = f.req(ctx, "date", decode::date);
    let description = f.opt(ctx, "description", decode::text);
    match (title, date) {
        (Some(title), Some(date)) => Item::Post(Post {
            slug,
            title,
            date,
            description,
            body,
        }),
        _ => Item::Nothing,
    }
}

// ---------------------------------------------------------------- specialties, hospitals
