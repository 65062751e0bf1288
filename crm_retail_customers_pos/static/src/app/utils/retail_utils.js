/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {_t} from "@web/core/l10n/translation";
import {formatFloat} from "@web/core/utils/numbers";

/** Fields only the customer editor needs: read when it opens. */
export const RETAIL_EDITED_FIELDS = [
    "birthdate",
    "no_letter_marketing",
    "no_sms_marketing",
    "no_email_marketing",
];

/** Number of decimals of reward points (the "Reward Points" precision). */
export function pointsDigits(pos) {
    const digits = pos.dp && pos.dp["Reward Points"];
    return Number.isInteger(digits) ? digits : 2;
}

/** Points as people read them, e.g. "1,250.00". */
export function formatPoints(pos, points) {
    return formatFloat(points || 0, {digits: [69, pointsDigits(pos)]});
}

/** Channels on which marketing is banned for the customer (own ban or the
 * ban of their company), as translated labels. */
export function marketingBans(partner) {
    if (!partner) {
        return [];
    }
    const bans = [];
    if (partner.effective_no_email_marketing) {
        bans.push(_t("e-mail"));
    }
    if (partner.effective_no_sms_marketing) {
        bans.push(_t("SMS"));
    }
    if (partner.effective_no_letter_marketing) {
        bans.push(_t("letter"));
    }
    return bans;
}

/** Whether ``partner`` is outside the loyalty programme of a company that
 * reserves points to members (such a customer's order earns nothing and
 * their frozen balance cannot be spent). */
export function isRetailNonMember(pos, partner) {
    return Boolean(partner && pos.company.retail_members_only && !partner.retail_member);
}
