/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html). */
import {useEffect} from "@odoo/owl";
import {PartnerDetailsEdit} from "@point_of_sale/app/screens/partner_list/partner_editor/partner_editor";
import {patch} from "@web/core/utils/patch";

/* A person's first and last name in the customer editor. Once one of them
 * is filled, the name field shows the full name composed in the order of
 * the settings and cannot be typed over; the server builds the same name
 * from the two parts. With both empty the name is typed as before (and
 * split by the server). A company keeps its single name field. */
patch(PartnerDetailsEdit.prototype, {
    setup() {
        super.setup(...arguments);
        const partner = this.props.partner;
        if (this.retailIsPerson) {
            Object.assign(this.changes, {
                firstname: partner.firstname || "",
                lastname: partner.lastname || "",
            });
            useEffect(
                () => this.retailComposeName(),
                () => [this.changes.firstname, this.changes.lastname]
            );
        }
    },
    get retailIsPerson() {
        return !this.props.partner.is_company;
    },
    get retailNameFromParts() {
        return (
            this.retailIsPerson &&
            Boolean((this.changes.firstname || "").trim() || (this.changes.lastname || "").trim())
        );
    },
    retailComposeName() {
        if (this.retailNameFromParts) {
            this.changes.name = this.pos.retailComposePartnerName(
                this.changes.firstname,
                this.changes.lastname
            );
        }
    },
});
