// Reading a form with one file, or up to a few under one field name (multer on busboy), so that whatever arrives answers with a readable
// 4xx: a body that is not a form (415), a multipart body without a boundary, cut short, garbled, or
// with a broken part header — a CR or LF inside a quoted file name ends the header line — (400), too
// large (413, from multer's limits). The file's name is kept without control characters.
import type { RequestHandler } from 'express';
import multer from 'multer';
import { InputError } from '../services/errors.ts';

const formTypes = ['multipart/form-data', 'application/x-www-form-urlencoded'];

const cleanName = (file: Express.Multer.File) => {
  file.originalname = file.originalname.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
};

/** A form with one file under `field` (req.file), or with `maxFiles` above 1 up to that many (req.files). */
export function fileUpload(field: string, limits: multer.Options['limits'], maxFiles = 1): RequestHandler {
  const reader = multer({ storage: multer.memoryStorage(), limits: { ...limits, files: maxFiles } });
  const upload = maxFiles === 1 ? reader.single(field) : reader.array(field, maxFiles);
  return (req, res, next) => {
    const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
    // no body at all: nothing to read (the CSRF check and the route say what is missing)
    if (!hasBody && !formTypes.includes(type)) {
      next();
      return;
    }
    if (!formTypes.includes(type)) {
      next(new InputError(`The request is not a form (Content-Type ${type.slice(0, 60) || 'missing'}); send the file as multipart/form-data.`, 415, 'file', { key: 'jobs:upload.notAForm', params: { type: type.slice(0, 60) || '—' } }));
      return;
    }
    upload(req, res, (error?: unknown) => {
      if (error && !(error instanceof multer.MulterError)) {
        // busboy's own errors: the body is not the multipart it claims to be
        const reason = error instanceof Error ? error.message : String(error);
        next(new InputError(`The upload could not be read: ${reason}.`, 400, 'file', { key: 'jobs:upload.malformed', params: { reason } }));
        return;
      }
      if (!error && req.file) cleanName(req.file);
      if (!error && Array.isArray(req.files)) req.files.forEach(cleanName);
      next(error);
    });
  };
}
