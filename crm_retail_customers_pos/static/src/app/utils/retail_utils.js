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

/** Number of decimals the database keeps points with (the "Reward Points"
 * precision). */
export function storedPointsDigits(pos) {
    const digits = pos.dp && pos.dp["Reward Points"];
    return Number.isInteger(digits) ? digits : 2;
}

/** Whether the company counts whole points (``retail_points_precision``). */
export function pointsWhole(pos) {
    return Boolean(pos.company && pos.company.retail_points_precision === "whole");
}

/** Number of decimals of the company's points: 0 when it counts whole points
 * (``res.company._retail_points_digits``), else the "Reward Points" precision. */
export function pointsDigits(pos) {
    return pointsWhole(pos) ? 0 : storedPointsDigits(pos);
}

/** Points as people read them: "1,250" for a whole-points company, else
 * "1,250.00"; a figure with a fraction (booked before the company counted
 * whole points) keeps its decimals rather than being shown rounded. */
export function formatPoints(pos, points) {
    const stored = storedPointsDigits(pos);
    let digits = pointsDigits(pos);
    const value = points || 0;
    if (digits < stored && Math.abs(value - Math.round(value)) >= 0.5 * 10 ** -stored) {
        digits = stored;
    }
    return formatFloat(value, {digits: [69, digits]});
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
